`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * cposim: L2 exact-match table on {VLAN, MAC}, hashed, SETS x WAYS entries.
 *
 * An entry is {valid, vid[11:0], mac[47:0], port}. Entry index = set * WAYS
 * + way; software (through fwd_regs) chooses the way, the hardware never
 * moves entries. A lookup reads the WAYS entries of set l2_hash(vid, mac)
 * and compares them all in parallel; it is combinational, the caller
 * registers the result. If several ways hit (software wrote the same key
 * twice in one set, which the assertion below flags) the ports are ORed.
 *
 * Writes take effect on the next clock; a lookup in the same cycle sees the
 * old entry. Reset clears every valid bit.
 */

module l2_table #
(
    // number of sets (a power of two)
    parameter SETS = fwd_pkg::L2_SETS,
    // number of ways per set (entries compared in parallel)
    parameter WAYS = fwd_pkg::L2_WAYS,
    // width of a port number
    parameter PORT_WIDTH = $clog2(fwd_pkg::PORTS_DEFAULT),
    // width of an entry index (set * WAYS + way)
    parameter INDEX_WIDTH = $clog2(SETS*WAYS)
)
(
    input  wire                    clk,
    input  wire                    rst,

    /*
     * lookup (combinational)
     */
    input  wire [11:0]             lookup_vid,
    input  wire [47:0]             lookup_mac,
    output wire                    lookup_hit,
    output wire [PORT_WIDTH-1:0]   lookup_port,

    /*
     * entry write and read-back (from the register interface)
     */
    input  wire                    wr_en,
    input  wire [INDEX_WIDTH-1:0]  wr_index,
    input  wire                    wr_valid,
    input  wire [11:0]             wr_vid,
    input  wire [47:0]             wr_mac,
    input  wire [PORT_WIDTH-1:0]   wr_port,

    input  wire [INDEX_WIDTH-1:0]  rd_index,
    output wire                    rd_valid,
    output wire [11:0]             rd_vid,
    output wire [47:0]             rd_mac,
    output wire [PORT_WIDTH-1:0]   rd_port
);

localparam SET_BITS = $clog2(SETS);
localparam ENTRIES = SETS*WAYS;
localparam DATA_W = 12 + 48 + PORT_WIDTH;

initial begin
    if ((1 << SET_BITS) != SETS || ENTRIES > (1 << INDEX_WIDTH)) begin
        $error("Error: SETS must be a power of two and fit INDEX_WIDTH (instance %m)");
        $finish;
    end
end

logic [ENTRIES-1:0] valid_q = '0;
logic [DATA_W-1:0]  data_q [ENTRIES];

always_ff @(posedge clk) begin
    if (wr_en) begin
        valid_q[wr_index] <= wr_valid;
        data_q[wr_index]  <= {wr_vid, wr_mac, wr_port};
    end
    if (rst) begin
        valid_q <= '0;
    end
end

wire [SET_BITS-1:0] set_index;

l2_hash #(
    .SET_BITS(SET_BITS)
) hash_inst (
    .vid(lookup_vid),
    .mac(lookup_mac),
    .set_index(set_index)
);

logic [WAYS-1:0]       hit_way;
logic [PORT_WIDTH-1:0] port_or;

always_comb begin
    hit_way = '0;
    port_or = '0;
    for (int w = 0; w < WAYS; w = w + 1) begin
        if (valid_q[set_index*WAYS + w] &&
            data_q[set_index*WAYS + w][DATA_W-1 -: 60] == {lookup_vid, lookup_mac}) begin
            hit_way[w] = 1'b1;
            port_or = port_or | data_q[set_index*WAYS + w][PORT_WIDTH-1:0];
        end
    end
end

assign lookup_hit = |hit_way;
assign lookup_port = port_or;

assign rd_valid = valid_q[rd_index];
assign {rd_vid, rd_mac, rd_port} = data_q[rd_index];

`ifndef SYNTHESIS
// table invariant: a key is stored at most once in its set (Verilator: --assert)
always_comb begin
    assert ($onehot0(hit_way))
        else $error("l2_table: key vid=%0d mac=%012x stored in more than one way", lookup_vid, lookup_mac);
end
`endif

endmodule

`resetall

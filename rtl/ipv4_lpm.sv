`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * cposim: IPv4 longest-prefix match, ENTRIES prefixes compared in parallel
 * (a small TCAM). An entry is {valid, prefix, length 0..32, ECMP group base,
 * group size}. The matching entry with the longest length wins; among equal
 * lengths the lowest index. Lookup is combinational; writes land on the clock.
 * Reset clears every valid bit.
 */

module ipv4_lpm #
(
    // number of prefixes
    parameter ENTRIES = fwd_pkg::LPM_ENTRIES,
    // width of an entry index
    parameter INDEX_WIDTH = $clog2(ENTRIES),
    // width of an ECMP member index
    localparam BASE_WIDTH = fwd_pkg::ECMP_INDEX_WIDTH
)
(
    input  wire                    clk,
    input  wire                    rst,

    input  wire [31:0]             lookup_addr,
    output wire                    lookup_hit,
    output wire [BASE_WIDTH-1:0]   lookup_base,    // first ECMP member
    output wire [3:0]              lookup_count,   // ECMP members (1..8; 0 reads as 1)

    input  wire                    wr_en,
    input  wire [INDEX_WIDTH-1:0]  wr_index,
    input  wire                    wr_valid,
    input  wire [31:0]             wr_prefix,
    input  wire [5:0]              wr_length,
    input  wire [BASE_WIDTH-1:0]   wr_base,
    input  wire [3:0]              wr_count
);

logic [ENTRIES-1:0] valid_q = '0;
logic [31:0]        prefix_q [ENTRIES];
logic [5:0]         length_q [ENTRIES];
logic [BASE_WIDTH-1:0] base_q [ENTRIES];
logic [3:0]         count_q  [ENTRIES];

always_ff @(posedge clk) begin
    if (wr_en) begin
        valid_q[wr_index]  <= wr_valid;
        prefix_q[wr_index] <= wr_prefix;
        length_q[wr_index] <= wr_length > 6'd32 ? 6'd32 : wr_length;
        base_q[wr_index]   <= wr_base;
        count_q[wr_index]  <= wr_count;
    end
    if (rst) begin
        valid_q <= '0;
    end
end

logic       hit;
logic [5:0] best_len;
logic [BASE_WIDTH-1:0] best_base;
logic [3:0] best_count;
logic [31:0] mask;

always_comb begin
    hit = 1'b0;
    best_len = '0;
    best_base = '0;
    best_count = '0;
    mask = '0;
    for (int e = 0; e < ENTRIES; e = e + 1) begin
        mask = length_q[e] == 6'd0 ? 32'd0 : ~(32'hFFFFFFFF >> length_q[e]);
        if (valid_q[e] && ((lookup_addr ^ prefix_q[e]) & mask) == 32'd0 &&
            (!hit || length_q[e] > best_len)) begin
            hit = 1'b1;
            best_len = length_q[e];
            best_base = base_q[e];
            best_count = count_q[e];
        end
    end
end

assign lookup_hit = hit;
assign lookup_base = best_base;
assign lookup_count = best_count;

endmodule

`resetall

`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * cposim: access control list, ENTRIES ternary entries compared in parallel.
 * Key (fwd_pkg::ACL_KEY_WIDTH bits): {src_port, ethertype[15:0],
 * ip_proto[7:0], l4_dst[15:0]}; an entry matches when
 * (key ^ value) & mask == 0. The lowest-index valid match wins and reports
 * its action (fwd_pkg::ACL_PERMIT, ACL_DROP, ACL_SET_CLASS with `tc`; the
 * caller treats 3 as permit). Lookup is combinational; writes land on the
 * clock.
 */

module acl_table #
(
    // number of entries
    parameter ENTRIES = fwd_pkg::ACL_ENTRIES,
    // width of an entry index
    parameter INDEX_WIDTH = $clog2(ENTRIES),
    // width of the key
    localparam KEY_WIDTH = fwd_pkg::ACL_KEY_WIDTH
)
(
    input  wire                    clk,
    input  wire                    rst,

    input  wire [KEY_WIDTH-1:0]    key,
    output wire                    hit,
    output wire [1:0]              action,
    output wire [2:0]              tc,

    input  wire                    wr_en,
    input  wire [INDEX_WIDTH-1:0]  wr_index,
    input  wire                    wr_valid,
    input  wire [KEY_WIDTH-1:0]    wr_value,
    input  wire [KEY_WIDTH-1:0]    wr_mask,
    input  wire [1:0]              wr_action,
    input  wire [2:0]              wr_tc
);

logic [ENTRIES-1:0] valid_q = '0;
logic [KEY_WIDTH-1:0] value_q [ENTRIES];
logic [KEY_WIDTH-1:0] mask_q  [ENTRIES];
logic [1:0]         action_q [ENTRIES];
logic [2:0]         tc_q     [ENTRIES];

always_ff @(posedge clk) begin
    if (wr_en) begin
        valid_q[wr_index]  <= wr_valid;
        value_q[wr_index]  <= wr_value;
        mask_q[wr_index]   <= wr_mask;
        action_q[wr_index] <= wr_action;
        tc_q[wr_index]     <= wr_tc;
    end
    if (rst) begin
        valid_q <= '0;
    end
end

logic       found;
logic [1:0] found_action;
logic [2:0] found_tc;

always_comb begin
    found = 1'b0;
    found_action = '0;
    found_tc = '0;
    for (int e = ENTRIES-1; e >= 0; e = e - 1) begin
        if (valid_q[e] && ((key ^ value_q[e]) & mask_q[e]) == '0) begin
            found = 1'b1;
            found_action = action_q[e];
            found_tc = tc_q[e];
        end
    end
end

assign hit = found;
assign action = found_action;
assign tc = found_tc;

endmodule

`resetall

`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * cposim: ECMP member selection. A route names a group of `count` members
 * starting at `base` in a table of MEMBERS egress ports; the member is
 * base + (hash * count) / 256 (mod MEMBERS), a multiply-shift that spreads
 * the 8-bit flow hash evenly over 1..fwd_pkg::ECMP_GROUP_MAX members
 * without a divider. count 0 is treated as 1, counts above the maximum as
 * the maximum. Lookup is combinational; writes land on the clock.
 */

module ecmp_select #
(
    // size of the member table (a power of two: base + offset wraps around it)
    parameter MEMBERS = fwd_pkg::ECMP_MEMBERS,
    // width of a port number
    parameter PORT_WIDTH = $clog2(fwd_pkg::PORTS_DEFAULT),
    // width of a member index
    localparam INDEX_WIDTH = $clog2(MEMBERS)
)
(
    input  wire                   clk,

    input  wire [INDEX_WIDTH-1:0] base,
    input  wire [3:0]             count,
    input  wire [7:0]             flow_hash,
    output wire [PORT_WIDTH-1:0]  port,

    input  wire                   wr_en,
    input  wire [INDEX_WIDTH-1:0] wr_index,
    input  wire [PORT_WIDTH-1:0]  wr_port
);

logic [PORT_WIDTH-1:0] member_q [MEMBERS];

always_ff @(posedge clk) begin
    if (wr_en) begin
        member_q[wr_index] <= wr_port;
    end
end

// most members of a group, at the width of count
localparam [3:0] GROUP_MAX = 4'(fwd_pkg::ECMP_GROUP_MAX);

wire [3:0]  n = count == 4'd0 ? 4'd1 : (count > GROUP_MAX ? GROUP_MAX : count);
wire [11:0] scaled = {4'd0, flow_hash} * {8'd0, n};
wire [INDEX_WIDTH-1:0] index = base + INDEX_WIDTH'(scaled[11:8]);
wire        unused_scaled = ^scaled[7:0];  // the fraction below one member

assign port = member_q[index];

endmodule

`resetall

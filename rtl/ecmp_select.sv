`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * cposim: ECMP member selection. A route names a group of `count` members
 * starting at `base` in a table of MEMBERS egress ports; the member is
 * base + (hash * count) / 256 (mod MEMBERS), a multiply-shift that spreads
 * the 8-bit flow hash evenly over 1..8 members without a divider. count 0
 * is treated as 1. Lookup is combinational; writes land on the clock.
 */

module ecmp_select #
(
    // size of the member table (a power of two: 32 for a 5-bit base)
    parameter MEMBERS = 32,
    // width of a port number
    parameter PORT_WIDTH = 6
)
(
    input  wire                   clk,

    input  wire [4:0]             base,
    input  wire [3:0]             count,
    input  wire [7:0]             flow_hash,
    output wire [PORT_WIDTH-1:0]  port,

    input  wire                   wr_en,
    input  wire [4:0]             wr_index,
    input  wire [PORT_WIDTH-1:0]  wr_port
);

logic [PORT_WIDTH-1:0] member_q [MEMBERS];

always_ff @(posedge clk) begin
    if (wr_en) begin
        member_q[wr_index] <= wr_port;
    end
end

wire [3:0]  n = count == 4'd0 ? 4'd1 : (count > 4'd8 ? 4'd8 : count);
wire [11:0] scaled = {4'd0, flow_hash} * {8'd0, n};
wire [4:0]  index = base + {1'b0, scaled[11:8]};
wire        unused_scaled = ^scaled[7:0];  // the fraction below one member

assign port = member_q[index];

endmodule

`resetall

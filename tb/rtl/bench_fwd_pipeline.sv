`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Speed bench of fwd_pipeline for Icarus Verilog (bench/fwd_bench runs it):
 * one header beat offered every clock (a rotating set of 64 IPv4/UDP frames,
 * one per destination MAC 02:00:00:00:00:<n>), decisions always taken, for
 * +cycles=N clocks after reset; prints the decisions seen. No assertions and
 * no `automatic` in always_ff: Icarus 11 compiles it with -g2012 -DSYNTHESIS.
 */

module bench_fwd_pipeline;

localparam DATA_WIDTH = 1024;

logic clk = 1'b0;
logic rst = 1'b1;
always #0.4 clk = ~clk;  // 1.25 GHz

logic [DATA_WIDTH-1:0]   tdata = '0;
logic [DATA_WIDTH/8-1:0] tkeep = '1;
logic                    tvalid = 1'b0;
wire                     tready;
logic [21:0]             tuser = '0;
wire                     dec_valid;
wire                     dec_drop;
wire [3:0]               dec_reason;
wire                     dec_flood;
wire [5:0]               dec_port;
wire [63:0]              dec_mask;
wire [2:0]               dec_tc;
wire [5:0]               dec_src;
wire [15:0]              dec_latency;
wire                     reg_ready;
wire                     reg_rvalid;
wire [31:0]              reg_rdata;

fwd_pipeline dut (
    .clk(clk), .rst(rst),
    .s_axis_tdata(tdata), .s_axis_tkeep(tkeep), .s_axis_tvalid(tvalid),
    .s_axis_tready(tready), .s_axis_tlast(1'b1), .s_axis_tuser(tuser),
    .m_dec_valid(dec_valid), .m_dec_ready(1'b1), .m_dec_drop(dec_drop),
    .m_dec_reason(dec_reason), .m_dec_flood(dec_flood), .m_dec_port(dec_port),
    .m_dec_mask(dec_mask), .m_dec_tc(dec_tc), .m_dec_src_port(dec_src),
    .m_dec_latency(dec_latency),
    .reg_valid(1'b0), .reg_ready(reg_ready), .reg_write(1'b0), .reg_addr(12'd0),
    .reg_wdata(32'd0), .reg_rvalid(reg_rvalid), .reg_rdata(reg_rdata)
);

integer cycles = 100000;
integer n = 0;
integer decisions = 0;
logic [7:0] hdr [0:41];

// Ethernet II + IPv4 + UDP header for destination port p (checksum left 0)
task make_frame(input integer p);
    integer i;
    begin
        for (i = 0; i < 42; i = i + 1) hdr[i] = 8'd0;
        hdr[0] = 8'h02; hdr[5] = p[7:0];
        hdr[6] = 8'h02; hdr[9] = 8'h01; hdr[11] = 8'd3;
        hdr[12] = 8'h08; hdr[13] = 8'h00;
        hdr[14] = 8'h45; hdr[16] = 8'h01; hdr[17] = 8'hEE; hdr[22] = 8'd64; hdr[23] = 8'd17;
        hdr[26] = 8'd10; hdr[27] = 8'd3; hdr[30] = 8'd10; hdr[31] = p[7:0];
        hdr[36] = 8'h12; hdr[37] = 8'hB7;
        tdata = '0;
        for (i = 0; i < 42; i = i + 1) tdata[8*i +: 8] = hdr[i];
        tuser = {16'd512, p[5:0]};
    end
endtask

initial begin
    if ($value$plusargs("cycles=%d", cycles)) begin end
    repeat (4) @(posedge clk);
    rst = 1'b0;
    make_frame(0);
    tvalid = 1'b1;
    while (n < cycles) begin
        @(posedge clk);
        if (dec_valid) decisions = decisions + 1;
        n = n + 1;
        make_frame(n % 64);
    end
    $display("bench_fwd_pipeline: %0d cycles, %0d decisions", n, decisions);
    $finish;
end

endmodule

`resetall

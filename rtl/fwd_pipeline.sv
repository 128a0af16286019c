`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * cposim: the forwarding pipeline, top level.
 *
 * Input: one AXI4-Stream packet per frame carrying the frame's header slice
 * (its first DATA_WIDTH/8 bytes, or the whole frame if shorter; tkeep marks
 * the bytes present on the tlast beat). tuser = {frame_bytes[15:0],
 * src_port[PORT_WIDTH-1:0]}: the MAC knows the frame length before the
 * header enters (store-and-forward ingress). Only the first beat is parsed;
 * further beats are accepted and ignored.
 *
 * Output: one decision per frame on a valid/ready port: drop + reason code,
 * or a unicast egress port, or a flood (m_dec_mask = every port but the
 * source); traffic class; and m_dec_latency, the clocks from the header
 * handshake to the decision appearing on m_dec_*.
 *
 * Stages (one header per clock, all stages advance together; an output
 * stall stalls everything and pulls s_axis_tready low):
 *   S1  eth_header_parser: L2 header record
 *   S2  L2 lookup {VID, destination MAC} in l2_table (hashed, WAYS ways)
 *   S3  decision (drop reasons in priority order), output register
 * Latency without output backpressure: DEPTH = 3 clocks.
 *
 * Reason codes (m_dec_reason; 0 = forwarded), in priority order:
 *   1 runt           frame_bytes < 64
 *   2 truncated      the header slice ends inside the L2 header
 *   3 oversize       frame_bytes > MAX_FRAME register
 *   4 l2_miss        unicast destination not in the L2 table, flooding off
 * Multicast/broadcast destinations (I/G bit set) are flooded.
 *
 * Register interface: fwd_regs (map in docs/pipeline.md).
 */

module fwd_pipeline #
(
    // width of the AXI-Stream data bus in bits: the header slice
    parameter DATA_WIDTH = 1024,
    // width of tkeep, one bit per byte lane
    parameter KEEP_WIDTH = DATA_WIDTH/8,
    // number of switch ports (at most 64)
    parameter PORTS = 64,
    // width of a port number
    parameter PORT_WIDTH = $clog2(PORTS),
    // width of tuser: frame length (16 bits) above the source port
    parameter USER_WIDTH = PORT_WIDTH + 16,
    // L2 table geometry
    parameter L2_SETS = 32,
    parameter L2_WAYS = 4
)
(
    input  wire                   clk,
    input  wire                   rst,

    /*
     * AXI-Stream header input
     */
    input  wire [DATA_WIDTH-1:0]  s_axis_tdata,
    input  wire [KEEP_WIDTH-1:0]  s_axis_tkeep,
    input  wire                   s_axis_tvalid,
    output wire                   s_axis_tready,
    input  wire                   s_axis_tlast,
    input  wire [USER_WIDTH-1:0]  s_axis_tuser,

    /*
     * decision output
     */
    output wire                   m_dec_valid,
    input  wire                   m_dec_ready,
    output wire                   m_dec_drop,
    output wire [3:0]             m_dec_reason,
    output wire                   m_dec_flood,
    output wire [PORT_WIDTH-1:0]  m_dec_port,
    output wire [PORTS-1:0]       m_dec_mask,
    output wire [2:0]             m_dec_tc,
    output wire [PORT_WIDTH-1:0]  m_dec_src_port,
    output wire [15:0]            m_dec_latency,

    /*
     * register bus (fwd_regs)
     */
    input  wire                   reg_valid,
    output wire                   reg_ready,
    input  wire                   reg_write,
    input  wire [11:0]            reg_addr,
    input  wire [31:0]            reg_wdata,
    output wire                   reg_rvalid,
    output wire [31:0]            reg_rdata
);

localparam DEPTH = 3;
localparam L2_INDEX_WIDTH = $clog2(L2_SETS*L2_WAYS);
localparam [15:0] MIN_FRAME = 16'd64;

localparam [3:0] R_NONE      = 4'd0;
localparam [3:0] R_RUNT      = 4'd1;
localparam [3:0] R_TRUNCATED = 4'd2;
localparam [3:0] R_OVERSIZE  = 4'd3;
localparam [3:0] R_L2_MISS   = 4'd4;

// free-running clock counter for the latency stamp
logic [15:0] cycle_q = '0;
always_ff @(posedge clk) begin
    cycle_q <= cycle_q + 16'd1;
end

// every stage moves unless the decision register is full and not taken
logic dec_valid_q = 1'b0;
wire  adv = !dec_valid_q || m_dec_ready;

/*
 * S1: L2 header parser
 */
wire                  p_valid;
wire [47:0]           p_dst_mac;
wire [47:0]           p_src_mac;
wire [11:0]           p_vlan_id;
wire [2:0]            p_pcp;
wire [1:0]            p_vlan_count;
wire [15:0]           p_ethertype;
wire [7:0]            p_l3_offset;
wire [USER_WIDTH-1:0] p_user;
wire                  p_runt;

eth_header_parser #(
    .DATA_WIDTH(DATA_WIDTH),
    .KEEP_WIDTH(KEEP_WIDTH),
    .USER_WIDTH(USER_WIDTH)
) parser_inst (
    .clk(clk),
    .rst(rst),
    .s_axis_tdata(s_axis_tdata),
    .s_axis_tkeep(s_axis_tkeep),
    .s_axis_tvalid(s_axis_tvalid),
    .s_axis_tready(s_axis_tready),
    .s_axis_tlast(s_axis_tlast),
    .s_axis_tuser(s_axis_tuser),
    .m_valid(p_valid),
    .m_ready(adv),
    .m_dst_mac(p_dst_mac),
    .m_src_mac(p_src_mac),
    .m_vlan_id(p_vlan_id),
    .m_pcp(p_pcp),
    .m_vlan_count(p_vlan_count),
    .m_ethertype(p_ethertype),
    .m_l3_offset(p_l3_offset),
    .m_src_port(p_user),
    .m_runt(p_runt)
);

// not used by the L2 decision
wire unused_p = ^{p_src_mac, p_ethertype, p_l3_offset};

// header handshakes, mirrored from the parser: a frame's first beat
logic in_frame_q = 1'b0;
wire  s_beat = s_axis_tvalid && s_axis_tready;
wire  hdr_beat = s_beat && !in_frame_q;
logic [15:0] s1_stamp_q = '0;

always_ff @(posedge clk) begin
    if (s_beat) begin
        in_frame_q <= !s_axis_tlast;
    end
    if (hdr_beat) begin
        s1_stamp_q <= cycle_q;
    end
    if (rst) begin
        in_frame_q <= 1'b0;
    end
end

/*
 * configuration, tables, counters
 */
wire                      cfg_flood_unknown;
wire [11:0]               cfg_pvid;
wire [15:0]               cfg_max_frame;
wire                      l2_wr_en;
wire [L2_INDEX_WIDTH-1:0] l2_wr_index;
wire                      l2_wr_valid;
wire [11:0]               l2_wr_vid;
wire [47:0]               l2_wr_mac;
wire [PORT_WIDTH-1:0]     l2_wr_port;
wire [L2_INDEX_WIDTH-1:0] l2_rd_index;
wire                      l2_rd_valid;
wire [11:0]               l2_rd_vid;
wire [47:0]               l2_rd_mac;
wire [PORT_WIDTH-1:0]     l2_rd_port;

wire                      dec_take = dec_valid_q && m_dec_ready;
logic                     dec_drop_q = 1'b0;
logic [3:0]               dec_reason_q = '0;
logic                     dec_flood_q = 1'b0;
logic [PORT_WIDTH-1:0]    dec_port_q = '0;
logic [PORTS-1:0]         dec_mask_q = '0;
logic [2:0]               dec_tc_q = '0;
logic [PORT_WIDTH-1:0]    dec_src_q = '0;
logic [15:0]              dec_latency_q = '0;

fwd_regs #(
    .PORTS(PORTS),
    .PORT_WIDTH(PORT_WIDTH),
    .L2_SETS(L2_SETS),
    .L2_WAYS(L2_WAYS),
    .L2_INDEX_WIDTH(L2_INDEX_WIDTH),
    .DEPTH(DEPTH)
) regs_inst (
    .clk(clk),
    .rst(rst),
    .reg_valid(reg_valid),
    .reg_ready(reg_ready),
    .reg_write(reg_write),
    .reg_addr(reg_addr),
    .reg_wdata(reg_wdata),
    .reg_rvalid(reg_rvalid),
    .reg_rdata(reg_rdata),
    .cfg_flood_unknown(cfg_flood_unknown),
    .cfg_pvid(cfg_pvid),
    .cfg_max_frame(cfg_max_frame),
    .l2_wr_en(l2_wr_en),
    .l2_wr_index(l2_wr_index),
    .l2_wr_valid(l2_wr_valid),
    .l2_wr_vid(l2_wr_vid),
    .l2_wr_mac(l2_wr_mac),
    .l2_wr_port(l2_wr_port),
    .l2_rd_index(l2_rd_index),
    .l2_rd_valid(l2_rd_valid),
    .l2_rd_vid(l2_rd_vid),
    .l2_rd_mac(l2_rd_mac),
    .l2_rd_port(l2_rd_port),
    .ev_rx(hdr_beat),
    .ev_rx_port(s_axis_tuser[PORT_WIDTH-1:0]),
    .ev_dec(dec_take),
    .ev_dec_drop(dec_drop_q),
    .ev_dec_reason(dec_reason_q),
    .ev_dec_flood(dec_flood_q),
    .ev_dec_port(dec_port_q)
);

/*
 * S2: L2 lookup on {VID, destination MAC}; untagged frames are in the
 * port VLAN (CTRL.PVID)
 */
wire [11:0]           s1_vid = p_vlan_count == 2'd0 ? cfg_pvid : p_vlan_id;
wire                  l2_hit;
wire [PORT_WIDTH-1:0] l2_port;

l2_table #(
    .SETS(L2_SETS),
    .WAYS(L2_WAYS),
    .PORT_WIDTH(PORT_WIDTH),
    .INDEX_WIDTH(L2_INDEX_WIDTH)
) l2_inst (
    .clk(clk),
    .rst(rst),
    .lookup_vid(s1_vid),
    .lookup_mac(p_dst_mac),
    .lookup_hit(l2_hit),
    .lookup_port(l2_port),
    .wr_en(l2_wr_en),
    .wr_index(l2_wr_index),
    .wr_valid(l2_wr_valid),
    .wr_vid(l2_wr_vid),
    .wr_mac(l2_wr_mac),
    .wr_port(l2_wr_port),
    .rd_index(l2_rd_index),
    .rd_valid(l2_rd_valid),
    .rd_vid(l2_rd_vid),
    .rd_mac(l2_rd_mac),
    .rd_port(l2_rd_port)
);

logic                  s2_valid_q = 1'b0;
logic [PORT_WIDTH-1:0] s2_src_q = '0;
logic [15:0]           s2_len_q = '0;
logic                  s2_group_q = 1'b0;  // I/G bit of the destination MAC
logic                  s2_runt_q = 1'b0;
logic                  s2_tagged_q = 1'b0;
logic [2:0]            s2_pcp_q = '0;
logic                  s2_hit_q = 1'b0;
logic [PORT_WIDTH-1:0] s2_port_q = '0;
logic [15:0]           s2_stamp_q = '0;

always_ff @(posedge clk) begin
    if (adv) begin
        s2_valid_q  <= p_valid;
        s2_src_q    <= p_user[PORT_WIDTH-1:0];
        s2_len_q    <= p_user[PORT_WIDTH +: 16];
        s2_group_q  <= p_dst_mac[40];
        s2_runt_q   <= p_runt;
        s2_tagged_q <= p_vlan_count != 2'd0;
        s2_pcp_q    <= p_pcp;
        s2_hit_q    <= l2_hit;
        s2_port_q   <= l2_port;
        s2_stamp_q  <= s1_stamp_q;
    end
    if (rst) begin
        s2_valid_q <= 1'b0;
    end
end

/*
 * S3: decision
 */
logic                  drop;
logic [3:0]            reason;
logic                  flood;

always_comb begin
    drop = 1'b1;
    flood = 1'b0;
    if (s2_len_q < MIN_FRAME) begin
        reason = R_RUNT;
    end else if (s2_runt_q) begin
        reason = R_TRUNCATED;
    end else if (s2_len_q > cfg_max_frame) begin
        reason = R_OVERSIZE;
    end else if (s2_group_q || (!s2_hit_q && cfg_flood_unknown)) begin
        reason = R_NONE;
        drop = 1'b0;
        flood = 1'b1;
    end else if (s2_hit_q) begin
        reason = R_NONE;
        drop = 1'b0;
    end else begin
        reason = R_L2_MISS;
    end
end

wire [PORTS-1:0] src_bit = {{(PORTS-1){1'b0}}, 1'b1} << s2_src_q;
wire [PORTS-1:0] port_bit = {{(PORTS-1){1'b0}}, 1'b1} << s2_port_q;

always_ff @(posedge clk) begin
    if (adv) begin
        dec_valid_q   <= s2_valid_q;
        dec_drop_q    <= drop;
        dec_reason_q  <= reason;
        dec_flood_q   <= flood;
        dec_port_q    <= (drop || flood) ? '0 : s2_port_q;
        dec_mask_q    <= drop ? '0 : (flood ? ~src_bit : port_bit);
        dec_tc_q      <= s2_tagged_q ? s2_pcp_q : 3'd0;
        dec_src_q     <= s2_src_q;
        dec_latency_q <= cycle_q - s2_stamp_q + 16'd1;
    end
    if (rst) begin
        dec_valid_q <= 1'b0;
    end
end

assign m_dec_valid = dec_valid_q;
assign m_dec_drop = dec_drop_q;
assign m_dec_reason = dec_reason_q;
assign m_dec_flood = dec_flood_q;
assign m_dec_port = dec_port_q;
assign m_dec_mask = dec_mask_q;
assign m_dec_tc = dec_tc_q;
assign m_dec_src_port = dec_src_q;
assign m_dec_latency = dec_latency_q;

`ifndef SYNTHESIS
// decision handshake and consistency (Verilator: --assert)
assert property (@(posedge clk) disable iff (rst)
    m_dec_valid && !m_dec_ready |=> m_dec_valid)
    else $error("fwd_pipeline: m_dec_valid dropped before m_dec_ready");

assert property (@(posedge clk) disable iff (rst)
    m_dec_valid && !m_dec_ready |=> $stable({m_dec_drop, m_dec_reason, m_dec_flood, m_dec_port,
                                            m_dec_mask, m_dec_tc, m_dec_src_port, m_dec_latency}))
    else $error("fwd_pipeline: decision changed while stalled");

assert property (@(posedge clk) disable iff (rst)
    m_dec_valid |-> (m_dec_drop == (m_dec_reason != R_NONE)) && !(m_dec_drop && m_dec_flood))
    else $error("fwd_pipeline: drop flag and reason disagree");

assert property (@(posedge clk) disable iff (rst)
    m_dec_valid && !m_dec_drop && !m_dec_flood |-> $onehot(m_dec_mask) && {{(32-PORT_WIDTH){1'b0}}, m_dec_port} < PORTS)
    else $error("fwd_pipeline: unicast decision without a single valid egress port");

assert property (@(posedge clk) disable iff (rst)
    m_dec_valid |-> m_dec_latency >= DEPTH)
    else $error("fwd_pipeline: decision faster than the pipeline depth");
`endif

endmodule

`resetall

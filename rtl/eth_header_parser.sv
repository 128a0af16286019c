`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * cposim: Ethernet header parser, first stage of the forwarding pipeline.
 *
 * Accepts frames on an AXI4-Stream input and emits one registered header
 * record per frame on a valid/ready output. The whole header must sit in the
 * first beat of a frame (DATA_WIDTH >= 176, i.e. 22 bytes), so one header is
 * parsed per clock; the other beats of a frame are accepted and dropped.
 *
 * Recognised encapsulations:
 *   untagged           DA SA ET                          L3 at byte 14
 *   802.1Q             DA SA 8100 TCI ET                 L3 at byte 18
 *   802.1ad + 802.1Q   DA SA 88A8 S-TCI 8100 C-TCI ET    L3 at byte 22
 * Anything else is reported as untagged with the EtherType at bytes 12..13
 * (e.g. an S-tag without a C-tag: m_ethertype = 0x88A8, m_vlan_count = 0).
 * m_vlan_id/m_pcp come from the C-tag (TPID 0x8100), the inner tag of a
 * double-tagged frame; the S-tag TCI and all DEI bits are not reported.
 *
 * Byte 0 of the frame is s_axis_tdata[7:0] (AXI-Stream little-endian lanes);
 * multi-byte fields are in network (big-endian) order: m_dst_mac[47:40] is
 * byte 0, m_ethertype[15:8] the first EtherType byte. When the header beat
 * has tlast set, lanes with tkeep clear read as zero, and m_runt is set if
 * the frame ends before the last byte the decode looked at (byte 13; 17 for
 * TPID 0x8100 or 0x88A8; 21 for 0x88A8 + 0x8100). The other fields of a
 * runt record are decoded from the zero-filled bytes.
 *
 * Latency: the record is on m_* one clock after the header beat's
 * handshake. s_axis_tready = !m_valid || m_ready for header beats (a
 * combinational path from m_ready), 1 for the other beats of a frame.
 */

module eth_header_parser #
(
    // width of the AXI-Stream data bus in bits (must hold 22 header bytes)
    parameter DATA_WIDTH = 512,
    // width of tkeep, one bit per byte lane
    parameter KEEP_WIDTH = DATA_WIDTH/8,
    // width of tuser, carries the source port number
    parameter USER_WIDTH = 8
)
(
    input  wire                   clk,
    input  wire                   rst,

    /*
     * AXI-Stream frame input
     */
    input  wire [DATA_WIDTH-1:0]  s_axis_tdata,
    input  wire [KEEP_WIDTH-1:0]  s_axis_tkeep,
    input  wire                   s_axis_tvalid,
    output wire                   s_axis_tready,
    input  wire                   s_axis_tlast,
    input  wire [USER_WIDTH-1:0]  s_axis_tuser,

    /*
     * Parsed header output (one record per frame)
     */
    output wire                   m_valid,
    input  wire                   m_ready,
    output wire [47:0]            m_dst_mac,
    output wire [47:0]            m_src_mac,
    output wire [11:0]            m_vlan_id,
    output wire [2:0]             m_pcp,
    output wire [1:0]             m_vlan_count,
    output wire [15:0]            m_ethertype,
    output wire [7:0]             m_l3_offset,
    output wire [USER_WIDTH-1:0]  m_src_port,
    output wire                   m_runt
);

// longest header handled: DA + SA + S-tag + C-tag + EtherType
localparam HDR_BYTES = 22;
localparam HDR_BITS = HDR_BYTES*8;

localparam [15:0] TPID_CTAG = 16'h8100;
localparam [15:0] TPID_STAG = 16'h88A8;

// check configuration
initial begin
    if (DATA_WIDTH < HDR_BITS) begin
        $error("Error: DATA_WIDTH must hold the %0d-byte header (instance %m)", HDR_BYTES);
        $finish;
    end

    if (KEEP_WIDTH*8 != DATA_WIDTH) begin
        $error("Error: AXI stream interface requires byte (8-bit) granularity (instance %m)");
        $finish;
    end
end

// state
logic frame_q = 1'b0;  // inside a frame: header taken, waiting for tlast

// output register: the header record (only its valid bit is reset)
typedef struct packed {
    logic [47:0]           dst_mac;
    logic [47:0]           src_mac;
    logic [11:0]           vlan_id;
    logic [2:0]            pcp;
    logic [1:0]            vlan_count;
    logic [15:0]           ethertype;
    logic [7:0]            l3_offset;
    logic [USER_WIDTH-1:0] src_port;
    logic                  runt;
} rec_t;

logic m_valid_q = 1'b0;
rec_t m_q = '0;

// continuation beats are always accepted; a header beat needs a free (or
// draining) output register
assign s_axis_tready = frame_q || !m_valid_q || m_ready;

wire s_beat = s_axis_tvalid && s_axis_tready;
wire hdr_beat = s_beat && !frame_q;

assign m_valid = m_valid_q;
assign m_dst_mac = m_q.dst_mac;
assign m_src_mac = m_q.src_mac;
assign m_vlan_id = m_q.vlan_id;
assign m_pcp = m_q.pcp;
assign m_vlan_count = m_q.vlan_count;
assign m_ethertype = m_q.ethertype;
assign m_l3_offset = m_q.l3_offset;
assign m_src_port = m_q.src_port;
assign m_runt = m_q.runt;

// header bytes in network order: frame byte i at hdr[HDR_BITS-1-8*i -: 8],
// lanes not kept on the last beat forced to zero
logic [HDR_BITS-1:0] hdr;

genvar n;
generate
    for (n = 0; n < HDR_BYTES; n = n + 1) begin : hdr_byte
        assign hdr[HDR_BITS-1-8*n -: 8] =
            (s_axis_tlast && !s_axis_tkeep[n]) ? 8'd0 : s_axis_tdata[8*n +: 8];
    end
endgenerate

// fields at fixed byte offsets
wire [47:0] hdr_dst_mac = hdr[HDR_BITS-1-8*0 -: 48];
wire [47:0] hdr_src_mac = hdr[HDR_BITS-1-8*6 -: 48];
wire [15:0] hdr_type_12 = hdr[HDR_BITS-1-8*12 -: 16];
wire [15:0] hdr_tci_14  = hdr[HDR_BITS-1-8*14 -: 16];
wire [15:0] hdr_type_16 = hdr[HDR_BITS-1-8*16 -: 16];
wire [15:0] hdr_tci_18  = hdr[HDR_BITS-1-8*18 -: 16];
wire [15:0] hdr_type_20 = hdr[HDR_BITS-1-8*20 -: 16];

// the DEI bit of the TCI is not reported
wire unused_dei = hdr_tci_14[12] ^ hdr_tci_18[12];

// tag decode
logic [11:0] vlan_id;
logic [2:0]  pcp;
logic [1:0]  vlan_count;
logic [15:0] ethertype;
logic [7:0]  l3_offset;
logic        runt;

always_comb begin
    if (hdr_type_12 == TPID_CTAG) begin
        // single 802.1Q C-tag
        vlan_count = 2'd1;
        vlan_id    = hdr_tci_14[11:0];
        pcp        = hdr_tci_14[15:13];
        ethertype  = hdr_type_16;
        l3_offset  = 8'd18;
        runt       = s_axis_tlast && !s_axis_tkeep[17];
    end else if (hdr_type_12 == TPID_STAG && hdr_type_16 == TPID_CTAG) begin
        // 802.1ad S-tag + 802.1Q C-tag: report the C-tag
        vlan_count = 2'd2;
        vlan_id    = hdr_tci_18[11:0];
        pcp        = hdr_tci_18[15:13];
        ethertype  = hdr_type_20;
        l3_offset  = 8'd22;
        runt       = s_axis_tlast && !s_axis_tkeep[21];
    end else begin
        // untagged, or an encapsulation not parsed here (an S-tag without a
        // C-tag is reported as EtherType 0x88A8); with 0x88A8 the decode
        // looks at bytes 16..17, so those must be present too
        vlan_count = 2'd0;
        vlan_id    = 12'd0;
        pcp        = 3'd0;
        ethertype  = hdr_type_12;
        l3_offset  = 8'd14;
        runt       = s_axis_tlast && !s_axis_tkeep[hdr_type_12 == TPID_STAG ? 17 : 13];
    end
end

always_ff @(posedge clk) begin
    if (m_ready) begin
        m_valid_q <= 1'b0;
    end

    if (s_beat) begin
        frame_q <= !s_axis_tlast;
    end

    if (hdr_beat) begin
        m_valid_q        <= 1'b1;
        m_q.dst_mac      <= hdr_dst_mac;
        m_q.src_mac      <= hdr_src_mac;
        m_q.vlan_id      <= vlan_id;
        m_q.pcp          <= pcp;
        m_q.vlan_count   <= vlan_count;
        m_q.ethertype    <= ethertype;
        m_q.l3_offset    <= l3_offset;
        m_q.src_port     <= s_axis_tuser;
        m_q.runt         <= runt;
    end

    if (rst) begin
        frame_q   <= 1'b0;
        m_valid_q <= 1'b0;
    end
end

// lanes beyond the header are not looked at
generate
    if (DATA_WIDTH > HDR_BITS) begin : unused_lanes
        wire unused_tdata = ^s_axis_tdata[DATA_WIDTH-1:HDR_BITS];
        wire unused_tkeep = ^s_axis_tkeep[KEEP_WIDTH-1:HDR_BYTES];
    end
endgenerate

`ifndef SYNTHESIS
// handshake checks (Verilator: --assert)

// output record held until taken
assert property (@(posedge clk) disable iff (rst)
    m_valid && !m_ready |=> m_valid)
    else $error("eth_header_parser: m_valid dropped before m_ready");

// a header is only taken when the output register can hold it
assert property (@(posedge clk) disable iff (rst)
    s_axis_tvalid && s_axis_tready && !frame_q |-> !m_valid || m_ready)
    else $error("eth_header_parser: header accepted into a full output register");

// decoded record is self-consistent
assert property (@(posedge clk) disable iff (rst)
    m_valid |-> m_vlan_count != 2'd3 && m_l3_offset == 8'd14 + 8'd4*{6'd0, m_vlan_count})
    else $error("eth_header_parser: inconsistent vlan_count/l3_offset");

// AXI-Stream rules on the input (the upstream's side of the handshake)
assert property (@(posedge clk) disable iff (rst)
    s_axis_tvalid && !s_axis_tready |=> s_axis_tvalid)
    else $error("eth_header_parser: s_axis_tvalid dropped before s_axis_tready");

// A stalled beat and a held record must not change. Written as copies kept only while
// stalled and compared on the next clock: $stable() of the 1175-bit beat would make the
// simulator copy it on every clock (a third of a Verilated clock's cost).
/* verilator coverage_off */
logic                                        in_stalled_q = 1'b0;
logic [DATA_WIDTH+KEEP_WIDTH+USER_WIDTH:0]   in_held_q;
logic                                        out_stalled_q = 1'b0;
rec_t                                        out_held_q;
always_ff @(posedge clk) begin
    if (!rst && in_stalled_q) begin
        assert ({s_axis_tdata, s_axis_tkeep, s_axis_tlast, s_axis_tuser} === in_held_q)
            else $error("eth_header_parser: s_axis beat changed while stalled");
    end
    if (!rst && out_stalled_q) begin
        assert (m_q === out_held_q)
            else $error("eth_header_parser: output record changed while m_valid && !m_ready");
    end
    in_stalled_q <= !rst && s_axis_tvalid && !s_axis_tready;
    if (s_axis_tvalid && !s_axis_tready) begin
        in_held_q <= {s_axis_tdata, s_axis_tkeep, s_axis_tlast, s_axis_tuser};
    end
    out_stalled_q <= !rst && m_valid && !m_ready;
    if (m_valid && !m_ready) begin
        out_held_q <= m_q;
    end
end
/* verilator coverage_on */
`endif

endmodule

`resetall

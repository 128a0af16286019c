`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * cposim: register interface of the forwarding pipeline.
 *
 * A simple valid/ready bus of 32-bit registers at byte addresses (addr[1:0]
 * ignored). reg_ready is always 1: a write takes effect on the clock that
 * accepts it; a read returns reg_rdata with reg_rvalid on the next clock.
 * The register map is documented in docs/pipeline.md and mirrored by
 * models/pipeline/register_map.h; unmapped addresses read 0 and ignore
 * writes, read-only registers ignore writes.
 *
 * Tables are written through staging registers: software writes the entry
 * into L2_MAC_LO/L2_MAC_HI/L2_RESULT, then L2_CMD with bit 31 (write) and the
 * entry index; bit 30 (read) loads the entry into the staging registers.
 *
 * Counters (32 bits, wrapping) count pipeline events: per-reason decisions
 * (reason 0 = forwarded), per-source-port headers accepted, per-egress-port
 * unicast forwards and floods. Writing COUNTER_CLEAR zeroes them all (a
 * clear wins over an increment in the same clock).
 */

module fwd_regs #
(
    // number of switch ports (at most 64: 64 counters per bank)
    parameter PORTS = 64,
    // width of a port number
    parameter PORT_WIDTH = 6,
    // L2 table geometry
    parameter L2_SETS = 32,
    parameter L2_WAYS = 4,
    parameter L2_INDEX_WIDTH = $clog2(L2_SETS*L2_WAYS),
    // pipeline depth reported in the PIPELINE_DEPTH register
    parameter DEPTH = 3
)
(
    input  wire                       clk,
    input  wire                       rst,

    /*
     * register bus
     */
    input  wire                       reg_valid,
    output wire                       reg_ready,
    input  wire                       reg_write,
    input  wire [11:0]                reg_addr,
    input  wire [31:0]                reg_wdata,
    output wire                       reg_rvalid,
    output wire [31:0]                reg_rdata,

    /*
     * configuration
     */
    output wire                       cfg_flood_unknown,
    output wire [11:0]                cfg_pvid,
    output wire [15:0]                cfg_max_frame,
    output wire                       cfg_route_enable,
    output wire [47:0]                cfg_router_mac,

    /*
     * L3 tables: IPv4 LPM, ECMP members, ACL
     */
    output wire                       lpm_wr_en,
    output wire [3:0]                 lpm_wr_index,
    output wire                       lpm_wr_valid,
    output wire [31:0]                lpm_wr_prefix,
    output wire [5:0]                 lpm_wr_length,
    output wire [4:0]                 lpm_wr_base,
    output wire [3:0]                 lpm_wr_count,
    output wire                       ecmp_wr_en,
    output wire [4:0]                 ecmp_wr_index,
    output wire [PORT_WIDTH-1:0]      ecmp_wr_port,
    output wire                       acl_wr_en,
    output wire [2:0]                 acl_wr_index,
    output wire                       acl_wr_valid,
    output wire [45:0]                acl_wr_value,
    output wire [45:0]                acl_wr_mask,
    output wire [1:0]                 acl_wr_action,
    output wire [2:0]                 acl_wr_tc,

    /*
     * L2 table access
     */
    output wire                       l2_wr_en,
    output wire [L2_INDEX_WIDTH-1:0]  l2_wr_index,
    output wire                       l2_wr_valid,
    output wire [11:0]                l2_wr_vid,
    output wire [47:0]                l2_wr_mac,
    output wire [PORT_WIDTH-1:0]      l2_wr_port,
    output wire [L2_INDEX_WIDTH-1:0]  l2_rd_index,
    input  wire                       l2_rd_valid,
    input  wire [11:0]                l2_rd_vid,
    input  wire [47:0]                l2_rd_mac,
    input  wire [PORT_WIDTH-1:0]      l2_rd_port,

    /*
     * counter events
     */
    input  wire                       ev_rx,          // a header was accepted ...
    input  wire [PORT_WIDTH-1:0]      ev_rx_port,     // ... from this source port
    input  wire                       ev_dec,         // a decision was taken ...
    input  wire                       ev_dec_drop,
    input  wire [3:0]                 ev_dec_reason,
    input  wire                       ev_dec_flood,
    input  wire [PORT_WIDTH-1:0]      ev_dec_port
);

localparam [31:0] ID_VALUE = 32'h43504F31;  // "CPO1"

// register addresses (word-aligned byte addresses)
localparam [11:0] A_ID            = 12'h000;
localparam [11:0] A_PORTS         = 12'h004;
localparam [11:0] A_CTRL          = 12'h008;
localparam [11:0] A_MAX_FRAME     = 12'h00C;
localparam [11:0] A_L2_MAC_LO     = 12'h010;
localparam [11:0] A_L2_MAC_HI     = 12'h014;
localparam [11:0] A_L2_RESULT     = 12'h018;
localparam [11:0] A_L2_CMD        = 12'h01C;
localparam [11:0] A_FLOOD_COUNT   = 12'h020;
localparam [11:0] A_COUNTER_CLEAR = 12'h024;
localparam [11:0] A_L2_SETS       = 12'h028;
localparam [11:0] A_L2_WAYS       = 12'h02C;
localparam [11:0] A_DEPTH         = 12'h030;
localparam [11:0] A_ROUTER_MAC_LO = 12'h034;
localparam [11:0] A_ROUTER_MAC_HI = 12'h038;
localparam [11:0] A_LPM_PREFIX    = 12'h040;
localparam [11:0] A_LPM_RESULT    = 12'h044;
localparam [11:0] A_LPM_CMD       = 12'h048;
localparam [11:0] A_ECMP_CMD      = 12'h04C;
localparam [11:0] A_ACL_VAL_LO    = 12'h050;
localparam [11:0] A_ACL_VAL_HI    = 12'h054;
localparam [11:0] A_ACL_MASK_LO   = 12'h058;
localparam [11:0] A_ACL_MASK_HI   = 12'h05C;
localparam [11:0] A_ACL_CMD       = 12'h060;
// banks: 0x100 + 4*reason drop/forward counters, 0x200 + 4*port rx, 0x300 + 4*port tx
localparam [3:0]  BANK_REASON = 4'h1;
localparam [3:0]  BANK_RX     = 4'h2;
localparam [3:0]  BANK_TX     = 4'h3;

initial begin
    if (PORTS > 64 || PORTS > (1 << PORT_WIDTH)) begin
        $error("Error: PORTS must be at most 64 and fit PORT_WIDTH (instance %m)");
        $finish;
    end
end

// configuration and staging registers
logic        ctrl_flood_q = 1'b0;
logic [11:0] ctrl_pvid_q = 12'd1;
logic [15:0] max_frame_q = 16'd9216;
logic [31:0] mac_lo_q = '0;
logic [15:0] mac_hi_q = '0;
logic [11:0] vid_q = '0;
logic [PORT_WIDTH-1:0] res_port_q = '0;
logic        res_valid_q = 1'b0;
logic [31:0] rmac_lo_q = '0;
logic [15:0] rmac_hi_q = '0;
logic        route_en_q = 1'b0;
logic [31:0] lpm_prefix_q = '0;
logic [5:0]  lpm_length_q = '0;
logic [4:0]  lpm_base_q = '0;
logic [3:0]  lpm_count_q = '0;
logic        lpm_valid_q = 1'b0;
logic [31:0] acl_val_lo_q = '0;
logic [13:0] acl_val_hi_q = '0;
logic [31:0] acl_mask_lo_q = '0;
logic [13:0] acl_mask_hi_q = '0;

// counters
logic [31:0] reason_count_q [16];
logic [31:0] rx_count_q [PORTS];
logic [31:0] tx_count_q [PORTS];
logic [31:0] flood_count_q = '0;

logic        rvalid_q = 1'b0;
logic [31:0] rdata_q = '0;

wire wr = reg_valid && reg_write;
wire rd = reg_valid && !reg_write;
wire [11:0] waddr = {reg_addr[11:2], 2'b00};
wire [3:0]  bank = reg_addr[11:8];
wire [5:0]  word = reg_addr[7:2];
wire unused_addr = ^reg_addr[1:0];  // byte lanes: registers are whole words

wire cmd_write = wr && waddr == A_L2_CMD && reg_wdata[31] && {16'd0, reg_wdata[15:0]} < L2_SETS*L2_WAYS;
wire cmd_read  = wr && waddr == A_L2_CMD && !reg_wdata[31] && reg_wdata[30] &&
                 {16'd0, reg_wdata[15:0]} < L2_SETS*L2_WAYS;
wire clear = wr && waddr == A_COUNTER_CLEAR;

// LPM_CMD: [3:0] index, [31] write; ECMP_CMD: [4:0] member, [13:8] port, [31] write;
// ACL_CMD: [2:0] index, [9:8] action, [14:12] class, [30] valid, [31] write
assign lpm_wr_en = wr && waddr == A_LPM_CMD && reg_wdata[31];
assign lpm_wr_index = reg_wdata[3:0];
assign lpm_wr_valid = lpm_valid_q;
assign lpm_wr_prefix = lpm_prefix_q;
assign lpm_wr_length = lpm_length_q;
assign lpm_wr_base = lpm_base_q;
assign lpm_wr_count = lpm_count_q;
assign ecmp_wr_en = wr && waddr == A_ECMP_CMD && reg_wdata[31];
assign ecmp_wr_index = reg_wdata[4:0];
assign ecmp_wr_port = reg_wdata[8 +: PORT_WIDTH];
assign acl_wr_en = wr && waddr == A_ACL_CMD && reg_wdata[31];
assign acl_wr_index = reg_wdata[2:0];
assign acl_wr_valid = reg_wdata[30];
assign acl_wr_value = {acl_val_hi_q, acl_val_lo_q};
assign acl_wr_mask = {acl_mask_hi_q, acl_mask_lo_q};
assign acl_wr_action = reg_wdata[9:8];
assign acl_wr_tc = reg_wdata[14:12];
assign cfg_route_enable = route_en_q;
assign cfg_router_mac = {rmac_hi_q, rmac_lo_q};

assign reg_ready = 1'b1;
assign reg_rvalid = rvalid_q;
assign reg_rdata = rdata_q;

assign cfg_flood_unknown = ctrl_flood_q;
assign cfg_pvid = ctrl_pvid_q;
assign cfg_max_frame = max_frame_q;

assign l2_wr_en = cmd_write;
assign l2_wr_index = reg_wdata[L2_INDEX_WIDTH-1:0];
assign l2_wr_valid = res_valid_q;
assign l2_wr_vid = vid_q;
assign l2_wr_mac = {mac_hi_q, mac_lo_q};
assign l2_wr_port = res_port_q;
assign l2_rd_index = reg_wdata[L2_INDEX_WIDTH-1:0];

// configuration writes and table read-back
always_ff @(posedge clk) begin
    if (wr) begin
        case (waddr)
            A_CTRL: begin
                ctrl_flood_q <= reg_wdata[0];
                ctrl_pvid_q  <= reg_wdata[27:16];
            end
            A_MAX_FRAME: max_frame_q <= reg_wdata[15:0];
            A_L2_MAC_LO: mac_lo_q <= reg_wdata;
            A_L2_MAC_HI: begin
                mac_hi_q <= reg_wdata[15:0];
                vid_q    <= reg_wdata[27:16];
            end
            A_L2_RESULT: begin
                res_port_q  <= reg_wdata[PORT_WIDTH-1:0];
                res_valid_q <= reg_wdata[31];
            end
            A_ROUTER_MAC_LO: rmac_lo_q <= reg_wdata;
            A_ROUTER_MAC_HI: begin
                rmac_hi_q  <= reg_wdata[15:0];
                route_en_q <= reg_wdata[31];
            end
            A_LPM_PREFIX: lpm_prefix_q <= reg_wdata;
            A_LPM_RESULT: begin
                lpm_length_q <= reg_wdata[5:0];
                lpm_base_q   <= reg_wdata[12:8];
                lpm_count_q  <= reg_wdata[19:16];
                lpm_valid_q  <= reg_wdata[31];
            end
            A_ACL_VAL_LO:  acl_val_lo_q <= reg_wdata;
            A_ACL_VAL_HI:  acl_val_hi_q <= reg_wdata[13:0];
            A_ACL_MASK_LO: acl_mask_lo_q <= reg_wdata;
            A_ACL_MASK_HI: acl_mask_hi_q <= reg_wdata[13:0];
            default: ;
        endcase
    end
    if (cmd_read) begin
        mac_lo_q    <= l2_rd_mac[31:0];
        mac_hi_q    <= l2_rd_mac[47:32];
        vid_q       <= l2_rd_vid;
        res_port_q  <= l2_rd_port;
        res_valid_q <= l2_rd_valid;
    end
    if (rst) begin
        ctrl_flood_q <= 1'b0;
        ctrl_pvid_q  <= 12'd1;
        max_frame_q  <= 16'd9216;
        res_valid_q  <= 1'b0;
        route_en_q   <= 1'b0;
    end
end

// counters
always_ff @(posedge clk) begin
    if (ev_rx) begin
        rx_count_q[ev_rx_port] <= rx_count_q[ev_rx_port] + 32'd1;
    end
    if (ev_dec) begin
        reason_count_q[ev_dec_reason] <= reason_count_q[ev_dec_reason] + 32'd1;
        if (!ev_dec_drop && ev_dec_flood) begin
            flood_count_q <= flood_count_q + 32'd1;
        end
        if (!ev_dec_drop && !ev_dec_flood) begin
            tx_count_q[ev_dec_port] <= tx_count_q[ev_dec_port] + 32'd1;
        end
    end
    if (rst || clear) begin
        for (int i = 0; i < 16; i = i + 1) begin
            reason_count_q[i] <= '0;
        end
        for (int i = 0; i < PORTS; i = i + 1) begin
            rx_count_q[i] <= '0;
            tx_count_q[i] <= '0;
        end
        flood_count_q <= '0;
    end
end

// read mux
logic [31:0] rdata;

always_comb begin
    rdata = '0;
    case (bank)
        4'h0: begin
            case (waddr)
                A_ID:          rdata = ID_VALUE;
                A_PORTS:       rdata = PORTS;
                A_CTRL:        rdata = {4'd0, ctrl_pvid_q, 15'd0, ctrl_flood_q};
                A_MAX_FRAME:   rdata = {16'd0, max_frame_q};
                A_L2_MAC_LO:   rdata = mac_lo_q;
                A_L2_MAC_HI:   rdata = {4'd0, vid_q, mac_hi_q};
                A_L2_RESULT:   rdata = {res_valid_q, {(31-PORT_WIDTH){1'b0}}, res_port_q};
                A_FLOOD_COUNT: rdata = flood_count_q;
                A_L2_SETS:     rdata = L2_SETS;
                A_L2_WAYS:     rdata = L2_WAYS;
                A_DEPTH:       rdata = DEPTH;
                A_ROUTER_MAC_LO: rdata = rmac_lo_q;
                A_ROUTER_MAC_HI: rdata = {route_en_q, 15'd0, rmac_hi_q};
                A_LPM_PREFIX:  rdata = lpm_prefix_q;
                A_LPM_RESULT:  rdata = {lpm_valid_q, 11'd0, lpm_count_q, 3'd0, lpm_base_q, 2'd0, lpm_length_q};
                A_ACL_VAL_LO:  rdata = acl_val_lo_q;
                A_ACL_VAL_HI:  rdata = {18'd0, acl_val_hi_q};
                A_ACL_MASK_LO: rdata = acl_mask_lo_q;
                A_ACL_MASK_HI: rdata = {18'd0, acl_mask_hi_q};
                default:       rdata = '0;
            endcase
        end
        BANK_REASON: rdata = word < 6'd16 ? reason_count_q[word[3:0]] : '0;
        BANK_RX:     rdata = {26'd0, word} < PORTS ? rx_count_q[word[PORT_WIDTH-1:0]] : '0;
        BANK_TX:     rdata = {26'd0, word} < PORTS ? tx_count_q[word[PORT_WIDTH-1:0]] : '0;
        default:     rdata = '0;
    endcase
end

always_ff @(posedge clk) begin
    rvalid_q <= rd;
    if (rd) begin
        rdata_q <= rdata;
    end
    if (rst) begin
        rvalid_q <= 1'b0;
    end
end

`ifndef SYNTHESIS
// a read is answered exactly one clock later (Verilator: --assert)
assert property (@(posedge clk) disable iff (rst) reg_valid && !reg_write |=> reg_rvalid)
    else $error("fwd_regs: read not answered on the next clock");
`endif

endmodule

`resetall

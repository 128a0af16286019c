`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * cposim: register interface of the forwarding pipeline.
 *
 * A simple valid/ready bus of 32-bit registers at byte addresses (addr[1:0]
 * ignored). reg_ready is always 1: a write takes effect on the clock that
 * accepts it; a read returns reg_rdata with reg_rvalid on the next clock.
 * The register map (addresses, flag bits, reset values) is defined in
 * fwd_pkg, documented in docs/pipeline.md and mirrored by
 * models/pipeline/register_map.h (the test pipeline_constants compares
 * them); unmapped addresses read 0 and ignore writes, read-only registers
 * ignore writes.
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
    // number of switch ports: a power of two, fwd_pkg::PORTS_MIN..PORTS_MAX
    parameter PORTS = fwd_pkg::PORTS_DEFAULT,
    // width of a port number
    localparam PORT_WIDTH = $clog2(PORTS),
    // L2 table sets
    parameter L2_SETS = fwd_pkg::L2_SETS,
    // L2 table ways per set
    parameter L2_WAYS = fwd_pkg::L2_WAYS,
    // width of an L2 entry index (set * L2_WAYS + way)
    localparam L2_INDEX_WIDTH = $clog2(L2_SETS*L2_WAYS)
)
(
    input  wire                                  clk,
    input  wire                                  rst,

    /*
     * register bus
     */
    input  wire                                  reg_valid,
    output wire                                  reg_ready,
    input  wire                                  reg_write,
    input  wire [fwd_pkg::REG_ADDR_WIDTH-1:0]    reg_addr,
    input  wire [31:0]                           reg_wdata,
    output wire                                  reg_rvalid,
    output wire [31:0]                           reg_rdata,

    /*
     * configuration
     */
    output wire                                  cfg_flood_unknown,
    output wire [11:0]                           cfg_pvid,
    output wire [15:0]                           cfg_max_frame,
    output wire                                  cfg_route_enable,
    output wire [47:0]                           cfg_router_mac,

    /*
     * L3 tables: IPv4 LPM, ECMP members, ACL
     */
    output wire                                  lpm_wr_en,
    output wire [fwd_pkg::LPM_INDEX_WIDTH-1:0]   lpm_wr_index,
    output wire                                  lpm_wr_valid,
    output wire [31:0]                           lpm_wr_prefix,
    output wire [5:0]                            lpm_wr_length,
    output wire [fwd_pkg::ECMP_INDEX_WIDTH-1:0]  lpm_wr_base,
    output wire [3:0]                            lpm_wr_count,
    output wire                                  ecmp_wr_en,
    output wire [fwd_pkg::ECMP_INDEX_WIDTH-1:0]  ecmp_wr_index,
    output wire [PORT_WIDTH-1:0]                 ecmp_wr_port,
    output wire                                  acl_wr_en,
    output wire [fwd_pkg::ACL_INDEX_WIDTH-1:0]   acl_wr_index,
    output wire                                  acl_wr_valid,
    output wire [fwd_pkg::ACL_KEY_WIDTH-1:0]     acl_wr_value,
    output wire [fwd_pkg::ACL_KEY_WIDTH-1:0]     acl_wr_mask,
    output wire [1:0]                            acl_wr_action,
    output wire [2:0]                            acl_wr_tc,

    /*
     * L2 table access
     */
    output wire                                  l2_wr_en,
    output wire [L2_INDEX_WIDTH-1:0]             l2_wr_index,
    output wire                                  l2_wr_valid,
    output wire [11:0]                           l2_wr_vid,
    output wire [47:0]                           l2_wr_mac,
    output wire [PORT_WIDTH-1:0]                 l2_wr_port,
    output wire [L2_INDEX_WIDTH-1:0]             l2_rd_index,
    input  wire                                  l2_rd_valid,
    input  wire [11:0]                           l2_rd_vid,
    input  wire [47:0]                           l2_rd_mac,
    input  wire [PORT_WIDTH-1:0]                 l2_rd_port,

    /*
     * counter events
     */
    input  wire                                  ev_rx,          // a header was accepted ...
    input  wire [PORT_WIDTH-1:0]                 ev_rx_port,     // ... from this source port
    input  wire                                  ev_dec,         // a decision was taken ...
    input  wire                                  ev_dec_drop,
    input  wire [fwd_pkg::REASON_WIDTH-1:0]      ev_dec_reason,
    input  wire                                  ev_dec_flood,
    input  wire [PORT_WIDTH-1:0]                 ev_dec_port
);

// counter banks of 64 words: the top bits of a counter's address
localparam [3:0] BANK_REASON = fwd_pkg::A_REASON_COUNT[11:8];
localparam [3:0] BANK_RX     = fwd_pkg::A_RX_COUNT[11:8];
localparam [3:0] BANK_TX     = fwd_pkg::A_TX_COUNT[11:8];
// staging halves above bit 31 of the ACL key
localparam ACL_HI_WIDTH = fwd_pkg::ACL_KEY_WIDTH - 32;

// a PORTS the register map cannot serve fails elaboration: every port number must name a
// port (a power of two), and a counter bank has PORTS_MAX words
`ifndef __ICARUS__  // Icarus Verilog 11 (bench/) cannot parse an elaboration-time $error
if (PORTS < fwd_pkg::PORTS_MIN || PORTS > fwd_pkg::PORTS_MAX || (PORTS & (PORTS - 1)) != 0) begin : g_ports_check
    $error("fwd_regs: PORTS = %0d, must be a power of two from %0d to %0d", PORTS,
           fwd_pkg::PORTS_MIN, fwd_pkg::PORTS_MAX);
end
`endif

// configuration and staging registers
logic                    ctrl_flood_q = 1'b0;
logic [11:0]             ctrl_pvid_q = 12'(fwd_pkg::RESET_PVID);
logic [15:0]             max_frame_q = 16'(fwd_pkg::RESET_MAX_FRAME);
logic [31:0]             mac_lo_q = '0;
logic [15:0]             mac_hi_q = '0;
logic [11:0]             vid_q = '0;
logic [PORT_WIDTH-1:0]   res_port_q = '0;
logic                    res_valid_q = 1'b0;
logic [31:0]             rmac_lo_q = '0;
logic [15:0]             rmac_hi_q = '0;
logic                    route_en_q = 1'b0;
logic [31:0]             lpm_prefix_q = '0;
logic [5:0]              lpm_length_q = '0;
logic [fwd_pkg::ECMP_INDEX_WIDTH-1:0] lpm_base_q = '0;
logic [3:0]              lpm_count_q = '0;
logic                    lpm_valid_q = 1'b0;
logic [31:0]             acl_val_lo_q = '0;
logic [ACL_HI_WIDTH-1:0] acl_val_hi_q = '0;
logic [31:0]             acl_mask_lo_q = '0;
logic [ACL_HI_WIDTH-1:0] acl_mask_hi_q = '0;

// counters
logic [31:0] reason_count_q [fwd_pkg::REASON_CODES];
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

wire l2_cmd = wr && waddr == fwd_pkg::A_L2_CMD && {16'd0, reg_wdata[15:0]} < L2_SETS*L2_WAYS;
wire cmd_write = l2_cmd && reg_wdata[fwd_pkg::CMD_WRITE_BIT];
wire cmd_read  = l2_cmd && !reg_wdata[fwd_pkg::CMD_WRITE_BIT] && reg_wdata[fwd_pkg::L2_CMD_READ_BIT];
wire clear = wr && waddr == fwd_pkg::A_COUNTER_CLEAR;

// LPM_CMD: [3:0] index, [31] write; ECMP_CMD: [4:0] member, [13:8] port, [31] write;
// ACL_CMD: [2:0] index, [9:8] action, [14:12] class, [30] valid, [31] write
assign lpm_wr_en = wr && waddr == fwd_pkg::A_LPM_CMD && reg_wdata[fwd_pkg::CMD_WRITE_BIT];
assign lpm_wr_index = reg_wdata[fwd_pkg::LPM_INDEX_WIDTH-1:0];
assign lpm_wr_valid = lpm_valid_q;
assign lpm_wr_prefix = lpm_prefix_q;
assign lpm_wr_length = lpm_length_q;
assign lpm_wr_base = lpm_base_q;
assign lpm_wr_count = lpm_count_q;
assign ecmp_wr_en = wr && waddr == fwd_pkg::A_ECMP_CMD && reg_wdata[fwd_pkg::CMD_WRITE_BIT];
assign ecmp_wr_index = reg_wdata[fwd_pkg::ECMP_INDEX_WIDTH-1:0];
assign ecmp_wr_port = reg_wdata[8 +: PORT_WIDTH];
assign acl_wr_en = wr && waddr == fwd_pkg::A_ACL_CMD && reg_wdata[fwd_pkg::CMD_WRITE_BIT];
assign acl_wr_index = reg_wdata[fwd_pkg::ACL_INDEX_WIDTH-1:0];
assign acl_wr_valid = reg_wdata[fwd_pkg::ACL_VALID_BIT];
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
            fwd_pkg::A_CTRL: begin
                ctrl_flood_q <= reg_wdata[fwd_pkg::CTRL_FLOOD_BIT];
                ctrl_pvid_q  <= reg_wdata[fwd_pkg::CTRL_PVID_LSB +: 12];
            end
            fwd_pkg::A_MAX_FRAME: max_frame_q <= reg_wdata[15:0];
            fwd_pkg::A_L2_MAC_LO: mac_lo_q <= reg_wdata;
            fwd_pkg::A_L2_MAC_HI: begin
                mac_hi_q <= reg_wdata[15:0];
                vid_q    <= reg_wdata[27:16];
            end
            fwd_pkg::A_L2_RESULT: begin
                res_port_q  <= reg_wdata[PORT_WIDTH-1:0];
                res_valid_q <= reg_wdata[fwd_pkg::RESULT_VALID_BIT];
            end
            fwd_pkg::A_ROUTER_MAC_LO: rmac_lo_q <= reg_wdata;
            fwd_pkg::A_ROUTER_MAC_HI: begin
                rmac_hi_q  <= reg_wdata[15:0];
                route_en_q <= reg_wdata[fwd_pkg::ROUTE_ENABLE_BIT];
            end
            fwd_pkg::A_LPM_PREFIX: lpm_prefix_q <= reg_wdata;
            fwd_pkg::A_LPM_RESULT: begin
                lpm_length_q <= reg_wdata[5:0];
                lpm_base_q   <= reg_wdata[8 +: fwd_pkg::ECMP_INDEX_WIDTH];
                lpm_count_q  <= reg_wdata[19:16];
                lpm_valid_q  <= reg_wdata[fwd_pkg::RESULT_VALID_BIT];
            end
            fwd_pkg::A_ACL_VAL_LO:  acl_val_lo_q <= reg_wdata;
            fwd_pkg::A_ACL_VAL_HI:  acl_val_hi_q <= reg_wdata[ACL_HI_WIDTH-1:0];
            fwd_pkg::A_ACL_MASK_LO: acl_mask_lo_q <= reg_wdata;
            fwd_pkg::A_ACL_MASK_HI: acl_mask_hi_q <= reg_wdata[ACL_HI_WIDTH-1:0];
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
        ctrl_pvid_q  <= 12'(fwd_pkg::RESET_PVID);
        max_frame_q  <= 16'(fwd_pkg::RESET_MAX_FRAME);
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
        for (int i = 0; i < fwd_pkg::REASON_CODES; i = i + 1) begin
            reason_count_q[i] <= '0;
        end
        for (int i = 0; i < PORTS; i = i + 1) begin
            rx_count_q[i] <= '0;
            tx_count_q[i] <= '0;
        end
        flood_count_q <= '0;
    end
end

// Reads: the read mux (fields at their bits, the rest reads 0) sits inside the register
// it loads, so that a simulator evaluates it only in the clock of a read, not on every
// clock as it would a combinational block of reg_addr (the hardware is the same).
always_ff @(posedge clk) begin
    rvalid_q <= rd;
    if (rd) begin
        rdata_q <= '0;
        case (bank)
            4'h0: begin
                case (waddr)
                    fwd_pkg::A_ID:          rdata_q <= fwd_pkg::ID_VALUE;
                    fwd_pkg::A_PORTS:       rdata_q <= PORTS;
                    fwd_pkg::A_CTRL: begin
                        rdata_q[fwd_pkg::CTRL_FLOOD_BIT]     <= ctrl_flood_q;
                        rdata_q[fwd_pkg::CTRL_PVID_LSB +: 12] <= ctrl_pvid_q;
                    end
                    fwd_pkg::A_MAX_FRAME:   rdata_q[15:0] <= max_frame_q;
                    fwd_pkg::A_L2_MAC_LO:   rdata_q <= mac_lo_q;
                    fwd_pkg::A_L2_MAC_HI:   rdata_q <= {4'd0, vid_q, mac_hi_q};
                    fwd_pkg::A_L2_RESULT: begin
                        rdata_q[PORT_WIDTH-1:0]             <= res_port_q;
                        rdata_q[fwd_pkg::RESULT_VALID_BIT]  <= res_valid_q;
                    end
                    fwd_pkg::A_FLOOD_COUNT: rdata_q <= flood_count_q;
                    fwd_pkg::A_L2_SETS:     rdata_q <= L2_SETS;
                    fwd_pkg::A_L2_WAYS:     rdata_q <= L2_WAYS;
                    fwd_pkg::A_DEPTH:       rdata_q <= fwd_pkg::DEPTH;
                    fwd_pkg::A_ROUTER_MAC_LO: rdata_q <= rmac_lo_q;
                    fwd_pkg::A_ROUTER_MAC_HI: begin
                        rdata_q[15:0]                       <= rmac_hi_q;
                        rdata_q[fwd_pkg::ROUTE_ENABLE_BIT]  <= route_en_q;
                    end
                    fwd_pkg::A_LPM_PREFIX:  rdata_q <= lpm_prefix_q;
                    fwd_pkg::A_LPM_RESULT: begin
                        rdata_q[5:0]                               <= lpm_length_q;
                        rdata_q[8 +: fwd_pkg::ECMP_INDEX_WIDTH]    <= lpm_base_q;
                        rdata_q[19:16]                             <= lpm_count_q;
                        rdata_q[fwd_pkg::RESULT_VALID_BIT]         <= lpm_valid_q;
                    end
                    fwd_pkg::A_ACL_VAL_LO:  rdata_q <= acl_val_lo_q;
                    fwd_pkg::A_ACL_VAL_HI:  rdata_q[ACL_HI_WIDTH-1:0] <= acl_val_hi_q;
                    fwd_pkg::A_ACL_MASK_LO: rdata_q <= acl_mask_lo_q;
                    fwd_pkg::A_ACL_MASK_HI: rdata_q[ACL_HI_WIDTH-1:0] <= acl_mask_hi_q;
                    default:       rdata_q <= '0;
                endcase
            end
            BANK_REASON: rdata_q <= {26'd0, word} < fwd_pkg::REASON_CODES ? reason_count_q[word[fwd_pkg::REASON_WIDTH-1:0]] : '0;
            BANK_RX:     rdata_q <= {26'd0, word} < PORTS ? rx_count_q[word[PORT_WIDTH-1:0]] : '0;
            BANK_TX:     rdata_q <= {26'd0, word} < PORTS ? tx_count_q[word[PORT_WIDTH-1:0]] : '0;
            default:     rdata_q <= '0;
        endcase
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

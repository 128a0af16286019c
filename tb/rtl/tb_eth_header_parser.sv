`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Self-checking testbench for eth_header_parser.
 *
 * Stimulus is built as byte arrays. Each frame's expected record is computed
 * twice in the testbench, from what the generator put in (intent) and by a
 * byte-level reference parser; the two must agree before the frame is sent.
 * The DUT output is compared in order with the reference record, and the
 * monitor checks the output handshake (m_valid held, record stable while
 * stalled) and the 1-cycle latency independently of the DUT's assertions.
 *
 * Phases: directed corner cases; 64 back-to-back single-beat frames without
 * gaps or backpressure (no stall allowed: one header per clock); random frames
 * under random s_axis_tvalid gaps and random m_ready backpressure (light, then
 * heavy). Idle cycles and unused byte lanes carry random garbage.
 *
 * Build and run (Verilator 5.006): make -f Makefile.verilator sim
 * Plusargs: +trace (VCD to waves/tb_eth_header_parser.vcd), +seed=N, +frames=N
 * (random frames, default N_RANDOM). Prints "PASS: N frames" or "FAIL: ..."
 * and stops with $fatal (non-zero exit) on the first failure.
 */

// testbench processes share state through blocking assignments on purpose
/* verilator lint_off BLKSEQ */

module tb_eth_header_parser #
(
    // AXI-Stream data width of the DUT
    parameter DATA_WIDTH = 512,
    // width of tuser (source port)
    parameter USER_WIDTH = 8,
    // number of random frames (overridable with +frames=N)
    parameter N_RANDOM = 800,
    // default random seed (overridable with +seed=N)
    parameter SEED = 1
);

localparam KEEP_WIDTH = DATA_WIDTH/8;
localparam BEAT_BYTES = KEEP_WIDTH;
localparam MAX_LEN = 2048;
localparam TIMEOUT_CYCLES = 2000000;

localparam [15:0] TPID_CTAG = 16'h8100;
localparam [15:0] TPID_STAG = 16'h88A8;

// frame kinds the generator can build
localparam int K_UNTAGGED = 0;
localparam int K_CTAG = 1;
localparam int K_QINQ = 2;
localparam int K_STAG_ONLY = 3;

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

/*
 * clock, reset, DUT
 */
logic clk = 1'b0;
logic rst = 1'b1;

always #5 clk = ~clk;

logic [DATA_WIDTH-1:0] s_axis_tdata = '0;
logic [KEEP_WIDTH-1:0] s_axis_tkeep = '0;
logic                  s_axis_tvalid = 1'b0;
wire                   s_axis_tready;
logic                  s_axis_tlast = 1'b0;
logic [USER_WIDTH-1:0] s_axis_tuser = '0;

wire                   m_valid;
logic                  m_ready = 1'b0;
wire [47:0]            m_dst_mac;
wire [47:0]            m_src_mac;
wire [11:0]            m_vlan_id;
wire [2:0]             m_pcp;
wire [1:0]             m_vlan_count;
wire [15:0]            m_ethertype;
wire [7:0]             m_l3_offset;
wire [USER_WIDTH-1:0]  m_src_port;
wire                   m_runt;

eth_header_parser #(
    .DATA_WIDTH(DATA_WIDTH),
    .KEEP_WIDTH(KEEP_WIDTH),
    .USER_WIDTH(USER_WIDTH)
)
dut (
    .clk(clk),
    .rst(rst),
    .s_axis_tdata(s_axis_tdata),
    .s_axis_tkeep(s_axis_tkeep),
    .s_axis_tvalid(s_axis_tvalid),
    .s_axis_tready(s_axis_tready),
    .s_axis_tlast(s_axis_tlast),
    .s_axis_tuser(s_axis_tuser),
    .m_valid(m_valid),
    .m_ready(m_ready),
    .m_dst_mac(m_dst_mac),
    .m_src_mac(m_src_mac),
    .m_vlan_id(m_vlan_id),
    .m_pcp(m_pcp),
    .m_vlan_count(m_vlan_count),
    .m_ethertype(m_ethertype),
    .m_l3_offset(m_l3_offset),
    .m_src_port(m_src_port),
    .m_runt(m_runt)
);

wire rec_t m_rec = '{dst_mac: m_dst_mac, src_mac: m_src_mac, vlan_id: m_vlan_id, pcp: m_pcp,
                     vlan_count: m_vlan_count, ethertype: m_ethertype, l3_offset: m_l3_offset,
                     src_port: m_src_port, runt: m_runt};

/*
 * shared testbench state
 */
int cycle = 0;         // clock count, updated with NBA so every reader sees one value
int gap_pct = 0;       // % of cycles with s_axis_tvalid held low between beats
int bp_pct = 0;        // % of cycles with m_ready low
int n_total = 0;       // frames queued so far
int n_checked = 0;     // records received and checked
int n_stall = 0;       // cycles with s_axis_tvalid && !s_axis_tready
int n_beats = 0;       // beats accepted

logic [7:0]            stim_data[$];  // bytes of all queued frames, back to back
int                    stim_len[$];   // frame lengths
logic [USER_WIDTH-1:0] stim_port[$];  // tuser per frame
rec_t                  exp_q[$];      // expected records, in order
int                    acc_q[$];      // cycle each header beat was accepted

logic [7:0] fbuf [MAX_LEN];           // frame under construction
int flen;

always @(posedge clk) cycle <= cycle + 1;

function automatic void fail(input string msg);
    $display("FAIL: %s (cycle %0d, %0d of %0d frames checked)", msg, cycle, n_checked, n_total);
    $fatal(1, "tb_eth_header_parser failed");
endfunction

function automatic string rec_str(input rec_t r);
    return $sformatf("dst=%012h src=%012h vid=%0d pcp=%0d tags=%0d type=%04h l3=%0d port=%0d runt=%0d",
        r.dst_mac, r.src_mac, r.vlan_id, r.pcp, r.vlan_count, r.ethertype, r.l3_offset,
        r.src_port, r.runt);
endfunction

/*
 * reference parser: byte level, on fbuf[0..flen-1]; bytes past the end read as 0
 */
function automatic logic [7:0] fb(input int i);
    return (i < flen) ? fbuf[i] : 8'h00;
endfunction

function automatic rec_t ref_parse(input logic [USER_WIDTH-1:0] port);
    rec_t r;
    int need;
    logic [15:0] t12, t16;

    r = '0;
    for (int i = 0; i < 6; i++) begin
        r.dst_mac = {r.dst_mac[39:0], fb(i)};
        r.src_mac = {r.src_mac[39:0], fb(6+i)};
    end
    r.src_port = port;
    t12 = {fb(12), fb(13)};
    t16 = {fb(16), fb(17)};

    if (t12 == TPID_CTAG) begin
        r.vlan_count = 1;
        r.pcp = 3'(fb(14) >> 5);
        r.vlan_id = 12'({fb(14) & 8'h0f, fb(15)});
        r.ethertype = t16;
        need = 18;
    end else if (t12 == TPID_STAG && t16 == TPID_CTAG) begin
        r.vlan_count = 2;
        r.pcp = 3'(fb(18) >> 5);
        r.vlan_id = 12'({fb(18) & 8'h0f, fb(19)});
        r.ethertype = {fb(20), fb(21)};
        need = 22;
    end else begin
        r.vlan_count = 0;
        r.ethertype = t12;
        // an S-tag TPID makes the parser look at bytes 16..17
        need = (t12 == TPID_STAG) ? 18 : 14;
    end
    r.l3_offset = 8'(14 + 4*r.vlan_count);
    r.runt = flen < need;
    return r;
endfunction

/*
 * frame generator: builds fbuf, checks intent against ref_parse, queues it
 */
function automatic logic [15:0] rand_ethertype();
    case ($urandom_range(5))
        0: return 16'h0800;
        1: return 16'h86DD;
        2: return 16'h0806;
        3: return 16'h8847;
        default: return 16'($urandom);
    endcase
endfunction

function automatic void push16(input logic [15:0] v);
    fbuf[flen] = v[15:8];
    fbuf[flen+1] = v[7:0];
    flen += 2;
endfunction

function automatic void add_frame(input int kind, input int len, input logic [USER_WIDTH-1:0] port,
                                  input logic [47:0] da, input logic [47:0] sa,
                                  input logic [15:0] tci_s, input logic [15:0] tci_c,
                                  input logic [15:0] etype);
    rec_t intent, r;
    int hdr_len;

    // generator must not build something that parses as another kind
    if (kind == K_UNTAGGED && (etype == TPID_CTAG || etype == TPID_STAG)) etype = 16'h0800;
    if (kind == K_STAG_ONLY && etype == TPID_CTAG) etype = 16'h0800;

    flen = 0;
    for (int i = 0; i < 6; i++) begin
        fbuf[i] = da[47-8*i -: 8];
        fbuf[6+i] = sa[47-8*i -: 8];
    end
    flen = 12;

    intent = '0;
    intent.dst_mac = da;
    intent.src_mac = sa;
    intent.src_port = port;
    case (kind)
        K_CTAG: begin
            push16(TPID_CTAG); push16(tci_c); push16(etype);
            intent.vlan_count = 1;
            intent.vlan_id = tci_c[11:0];
            intent.pcp = tci_c[15:13];
            intent.ethertype = etype;
            intent.l3_offset = 18;
        end
        K_QINQ: begin
            push16(TPID_STAG); push16(tci_s); push16(TPID_CTAG); push16(tci_c); push16(etype);
            intent.vlan_count = 2;
            intent.vlan_id = tci_c[11:0];
            intent.pcp = tci_c[15:13];
            intent.ethertype = etype;
            intent.l3_offset = 22;
        end
        K_STAG_ONLY: begin
            push16(TPID_STAG); push16(tci_s); push16(etype);
            intent.ethertype = TPID_STAG;
            intent.l3_offset = 14;
        end
        default: begin
            push16(etype);
            intent.ethertype = etype;
            intent.l3_offset = 14;
        end
    endcase
    hdr_len = flen;
    if (len > MAX_LEN) len = MAX_LEN;
    // random payload; a length below the header size truncates it (a runt)
    for (int i = flen; i < len; i++) fbuf[i] = 8'($urandom);
    flen = len;

    r = ref_parse(port);
    if (len >= hdr_len) begin
        if (r != intent) begin
            $display("  intent: %s", rec_str(intent));
            $display("  ref:    %s", rec_str(r));
            fail($sformatf("reference parser disagrees with generator (kind %0d len %0d)", kind, len));
        end
    end else if (!r.runt) begin
        // every truncated header is a runt
        fail($sformatf("reference parser missed a runt (kind %0d len %0d)", kind, len));
    end

    for (int i = 0; i < flen; i++) stim_data.push_back(fbuf[i]);
    stim_len.push_back(flen);
    stim_port.push_back(port);
    exp_q.push_back(r);
    n_total++;
endfunction

function automatic logic [47:0] rand_mac();
    return {16'($urandom), 32'($urandom)};
endfunction

function automatic void add_random_frame();
    int kind, len, pick;
    kind = $urandom_range(99);
    kind = (kind < 35) ? K_UNTAGGED : (kind < 65) ? K_CTAG : (kind < 92) ? K_QINQ : K_STAG_ONLY;
    pick = $urandom_range(99);
    if (pick < 10)      len = $urandom_range(23);                    // runts and minimal headers
    else if (pick < 20) len = BEAT_BYTES * $urandom_range(1, 4) + $urandom_range(2) - 1; // around beat edges
    else if (pick < 25) len = $urandom_range(1518, 600);
    else                len = $urandom_range(300, 60);
    add_frame(kind, len, USER_WIDTH'($urandom), rand_mac(), rand_mac(),
              16'($urandom), 16'($urandom), rand_ethertype());
endfunction

/*
 * AXI-Stream source: random gaps, garbage on idle cycles and unused lanes
 */
int cur_len = 0;
int cur_pos = 0;
bit cur_active = 0;
logic [USER_WIDTH-1:0] cur_port;
logic drv_hdr = 1'b0;  // the beat on the bus is the first of its frame

always @(posedge clk) begin
    if (rst) begin
        s_axis_tvalid <= 1'b0;
    end else begin
        if (s_axis_tvalid && s_axis_tready) begin
            n_beats++;
            if (drv_hdr) acc_q.push_back(cycle);
        end
        if (s_axis_tvalid && !s_axis_tready) n_stall++;

        if (!s_axis_tvalid || s_axis_tready) begin
            logic [DATA_WIDTH-1:0] d;
            logic [KEEP_WIDTH-1:0] k;
            int n;

            for (int i = 0; i < BEAT_BYTES; i++) d[8*i +: 8] = 8'($urandom);
            k = '0;

            if (!cur_active && stim_len.size() > 0) begin
                cur_len = stim_len.pop_front();
                cur_port = stim_port.pop_front();
                cur_pos = 0;
                cur_active = 1;
            end

            if (cur_active && $urandom_range(99) >= gap_pct) begin
                n = (cur_len - cur_pos < BEAT_BYTES) ? cur_len - cur_pos : BEAT_BYTES;
                for (int i = 0; i < n; i++) begin
                    d[8*i +: 8] = stim_data.pop_front();
                    k[i] = 1'b1;
                end
                s_axis_tdata <= d;
                s_axis_tkeep <= k;
                s_axis_tlast <= (cur_pos + n == cur_len);
                s_axis_tuser <= (cur_pos == 0) ? cur_port : USER_WIDTH'($urandom);
                s_axis_tvalid <= 1'b1;
                drv_hdr <= (cur_pos == 0);
                cur_pos += n;
                if (cur_pos == cur_len) cur_active = 0;
            end else begin
                s_axis_tdata <= d;
                s_axis_tkeep <= KEEP_WIDTH'({$urandom, $urandom});
                s_axis_tlast <= 1'($urandom);
                s_axis_tuser <= USER_WIDTH'($urandom);
                s_axis_tvalid <= 1'b0;
                drv_hdr <= 1'b0;
            end
        end
    end
end

/*
 * sink: random backpressure
 */
always @(posedge clk) begin
    m_ready <= !rst && ($urandom_range(99) >= bp_pct);
end

/*
 * monitor: protocol, latency and content checks
 */
bit   prev_stall = 0;
rec_t prev_rec;

always @(posedge clk) begin
    if (!rst) begin
        if (prev_stall && !m_valid) fail("m_valid dropped before m_ready");
        if (prev_stall && m_rec != prev_rec) fail("output record changed while stalled");

        if (m_valid && !prev_stall) begin
            // a new record: it must appear the cycle after its header beat
            if (acc_q.size() == 0) fail("m_valid without an accepted header beat");
            else if (cycle != acc_q[0] + 1) fail($sformatf("latency %0d cycles, expected 1", cycle - acc_q[0]));
        end

        if (m_valid && m_ready) begin
            rec_t e;
            if (exp_q.size() == 0) fail("unexpected output record");
            e = exp_q.pop_front();
            void'(acc_q.pop_front());
            if (m_rec !== e) begin
                $display("  frame %0d", n_checked);
                $display("  expected: %s", rec_str(e));
                $display("  got:      %s", rec_str(m_rec));
                fail("output record mismatch");
            end
            n_checked++;
        end

        prev_stall = m_valid && !m_ready;
        prev_rec = m_rec;
    end
end

/*
 * phases
 */
task automatic run_phase(input string name, input int gap, input int bp);
    int start = cycle;
    gap_pct = gap;
    bp_pct = bp;
    while (n_checked < n_total) begin
        @(posedge clk);
        if (cycle - start > TIMEOUT_CYCLES) fail($sformatf("timeout in phase %s", name));
    end
    // let the pipe settle: nothing may come out after the last record
    repeat (3) @(posedge clk);
    if (exp_q.size() != 0 || stim_len.size() != 0) fail($sformatf("phase %s left frames queued", name));
    $display("  phase %s: %0d frames checked so far, %0d cycles", name, n_checked, cycle - start);
endtask

initial begin
    int seed = SEED;
    int n_random = N_RANDOM;
    int t0, stalls0;

    void'($value$plusargs("seed=%d", seed));
    void'($value$plusargs("frames=%d", n_random));
    void'($urandom(seed));

    if ($test$plusargs("trace")) begin
        $dumpfile("waves/tb_eth_header_parser.vcd");
        $dumpvars(0, tb_eth_header_parser);
        $display("tb_eth_header_parser: writing waves/tb_eth_header_parser.vcd");
    end
    $display("tb_eth_header_parser: DATA_WIDTH=%0d seed=%0d random frames=%0d", DATA_WIDTH, seed, n_random);

    repeat (4) @(posedge clk);
    @(negedge clk);
    rst = 1'b0;
    @(posedge clk);
    @(negedge clk);
    if (m_valid) fail("m_valid set after reset");

    // directed corner cases (source port = case number)
    //        kind         length        port           dst MAC           src MAC           S-TCI     C-TCI     EtherType
    add_frame(K_UNTAGGED,  64,           USER_WIDTH'(1),  48'h010203040506, 48'h0a0b0c0d0e0f, 16'h0000, 16'h0000, 16'h0800);
    add_frame(K_CTAG,      64,           USER_WIDTH'(2),  48'hffffffffffff, 48'h020000000001, 16'h0000, 16'hb064, 16'h86dd); // PCP 5, VID 100
    add_frame(K_QINQ,      80,           USER_WIDTH'(3),  48'h01005e000001, 48'h020000000002, 16'h00c8, 16'h712c, 16'h0800); // S 200, C 300 PCP 3
    add_frame(K_CTAG,      64,           USER_WIDTH'(4),  48'h0180c2000000, 48'h020000000003, 16'h0000, 16'hffff, 16'h8100); // 2nd 0x8100 not parsed
    add_frame(K_STAG_ONLY, 64,           USER_WIDTH'(5),  48'h0000000000aa, 48'h0000000000bb, 16'h2005, 16'h0000, 16'h0800); // S-tag only
    add_frame(K_UNTAGGED,  10,           USER_WIDTH'(6),  48'h111111111111, 48'h222222222222, 16'h0000, 16'h0000, 16'h0800); // runt
    add_frame(K_UNTAGGED,  13,           USER_WIDTH'(7),  48'h111111111111, 48'h222222222222, 16'h0000, 16'h0000, 16'h0800); // runt by 1 byte
    add_frame(K_UNTAGGED,  14,           USER_WIDTH'(8),  48'h111111111111, 48'h222222222222, 16'h0000, 16'h0000, 16'h0806); // header only
    add_frame(K_CTAG,      17,           USER_WIDTH'(9),  48'h333333333333, 48'h444444444444, 16'h0000, 16'h0123, 16'h0800); // runt by 1 byte
    add_frame(K_CTAG,      18,           USER_WIDTH'(10), 48'h333333333333, 48'h444444444444, 16'h0000, 16'h0123, 16'h0800); // header only
    add_frame(K_QINQ,      21,           USER_WIDTH'(11), 48'h555555555555, 48'h666666666666, 16'h0fff, 16'he001, 16'h0800); // runt by 1 byte
    add_frame(K_QINQ,      22,           USER_WIDTH'(12), 48'h555555555555, 48'h666666666666, 16'h0fff, 16'he001, 16'h0800); // header only
    add_frame(K_QINQ,      16,           USER_WIDTH'(13), 48'h555555555555, 48'h666666666666, 16'h0fff, 16'he001, 16'h0800); // cut in the S-tag
    add_frame(K_UNTAGGED,  0,            USER_WIDTH'(14), 48'h000000000000, 48'h000000000000, 16'h0000, 16'h0000, 16'h0000); // empty frame
    add_frame(K_UNTAGGED,  1,            USER_WIDTH'(15), 48'h777777777777, 48'h000000000000, 16'h0000, 16'h0000, 16'h0000); // one byte
    add_frame(K_CTAG,      BEAT_BYTES,   USER_WIDTH'(16), rand_mac(),       rand_mac(),       16'h0000, 16'h2bcd, 16'h0800); // exactly one beat
    add_frame(K_CTAG,      BEAT_BYTES+1, USER_WIDTH'(17), rand_mac(),       rand_mac(),       16'h0000, 16'h2bcd, 16'h0800); // 1 byte in beat 2
    add_frame(K_QINQ,      200,          USER_WIDTH'(18), rand_mac(),       rand_mac(),       16'h1234, 16'h5678, 16'h88cc); // multi-beat
    add_frame(K_UNTAGGED,  1518,         USER_WIDTH'(19), rand_mac(),       rand_mac(),       16'h0000, 16'h0000, 16'h0800); // longest untagged
    add_frame(K_UNTAGGED,  64,           '1,              rand_mac(),       rand_mac(),       16'h0000, 16'h0000, 16'h0800); // tuser all ones
    run_phase("directed", 30, 30);

    // back-to-back single-beat frames: one header per clock, no stalls
    for (int i = 0; i < 64; i++) begin
        add_frame(i % 3, $urandom_range(BEAT_BYTES, 22), USER_WIDTH'(i), rand_mac(), rand_mac(),
                  16'($urandom), 16'($urandom), rand_ethertype());
    end
    stalls0 = n_stall;
    t0 = cycle;
    run_phase("throughput", 0, 0);
    if (n_stall != stalls0) fail($sformatf("%0d stall cycles without backpressure", n_stall - stalls0));
    if (cycle - t0 > 64 + 8) fail($sformatf("64 single-beat frames took %0d cycles", cycle - t0));

    // random frames, random gaps, random backpressure (light, then heavy)
    for (int i = 0; i < n_random / 2; i++) add_random_frame();
    run_phase("random", 25, 30);
    for (int i = 0; i < n_random - n_random / 2; i++) add_random_frame();
    run_phase("heavy-bp", 50, 80);

    $display("PASS: %0d frames (%0d beats, %0d stall cycles, %0d cycles)", n_checked, n_beats, n_stall, cycle);
    $finish;
end

endmodule

/* verilator lint_on BLKSEQ */

`resetall

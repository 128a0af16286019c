`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * cposim: L3/L4 header parser (combinational), second stage of the pipeline.
 *
 * Input: the frame bytes from the L3 header on (l3[0] = first L3 byte, network
 * order, 64 bytes: an IPv4 header with options plus the L4 ports), with a
 * present bit per byte (0: past the end of the header slice; such bytes read
 * as zero), and the EtherType after the VLAN tags.
 *
 * IPv4 (EtherType 0x0800): version, IHL, total length, TTL, protocol,
 * addresses; header checksum verified over IHL 32-bit words (ones' complement
 * sum must be 0xFFFF); L4 ports at 4*IHL for UDP (17) and TCP (6), read only
 * from a well-formed header (version 4, IHL >= 5) of the first fragment (a
 * fragment with a nonzero offset carries no L4 header) whose total length
 * holds them; otherwise they read 0.
 * IPv6 (0x86DD): next header, hop limit, addresses, ports at byte 40 for
 * UDP/TCP when the version is 6 and the payload length holds them (extension
 * headers are not followed: their ports read 0).
 * Other EtherTypes: no L3 fields (addresses, TTL, protocol, ports read 0).
 *
 * Checks (meaningful for IPv4 only):
 *   v4_truncated   the slice ends inside the IPv4 header (20 or 4*IHL bytes)
 *   v4_bad_header  version != 4 or IHL < 5
 *   v4_bad_csum    header checksum wrong
 *   v4_bad_length  total length < 4*IHL, or frame too short for it:
 *                  l3_offset + total length + 4 (FCS) > frame_bytes
 * The 5-tuple hash folds {src, dst, proto, sport, dport} (104 bits) by XOR
 * into 8 bits: bit b goes to bit b mod 8.
 */

module l3_parser
(
    input  wire [8*64-1:0]  l3,           // byte i at l3[8*i +: 8]
    input  wire [63:0]      present,      // byte i is inside the header slice
    input  wire [15:0]      ethertype,
    input  wire [7:0]       l3_offset,
    input  wire [15:0]      frame_bytes,

    output wire             is_ipv4,
    output wire             is_ipv6,
    output wire [31:0]      ipv4_dst,     // bytes 16..19, whatever the EtherType (the LPM key)
    output wire [127:0]     src_addr,     // IPv6 source; IPv4 source in [31:0]; else 0
    output wire [127:0]     dst_addr,     // IPv6 destination; IPv4 destination in [31:0]; else 0
    output wire [7:0]       ttl,          // IPv4 TTL / IPv6 hop limit, else 0
    output wire [7:0]       proto,        // IPv4 protocol / IPv6 next header, else 0
    output wire [15:0]      l4_src,       // UDP/TCP source port, else 0
    output wire [15:0]      l4_dst,       // UDP/TCP destination port, else 0
    output wire             l4_valid,     // the ports were read: UDP/TCP, inside the slice
    output wire [7:0]       flow_hash,
    output wire             v4_truncated,
    output wire             v4_bad_header,
    output wire             v4_bad_csum,
    output wire             v4_bad_length
);

function automatic [7:0] b(input integer i);
    b = l3[8*i +: 8];
endfunction

assign is_ipv4 = ethertype == 16'h0800;
assign is_ipv6 = ethertype == 16'h86DD;

wire [3:0]  version = l3[7:4];
wire [3:0]  ihl = l3[3:0];
wire [15:0] total_length = {b(2), b(3)};
wire [5:0]  v4_hdr_bytes = (ihl < 4'd5) ? 6'd20 : {ihl, 2'b00};

// ones' complement sum of the IPv4 header's 16-bit words (up to 30 of them)
logic [20:0] sum_wide;
logic [16:0] sum_fold1;
logic [15:0] sum;
always_comb begin
    sum_wide = '0;
    for (int w = 0; w < 30; w = w + 1) begin
        if (w < 2*ihl) begin
            sum_wide = sum_wide + {5'd0, b(2*w), b(2*w+1)};
        end
    end
    sum_fold1 = {1'b0, sum_wide[15:0]} + {12'd0, sum_wide[20:16]};
    sum = sum_fold1[15:0] + {15'd0, sum_fold1[16]};
end

// L4 ports: UDP or TCP, from a well-formed header whose datagram holds them: IPv4 version 4,
// IHL >= 5, the first fragment (offset 0), total length >= header + 4; IPv6 below
logic [5:0] l4_at;
always_comb begin
    l4_at = is_ipv4 ? v4_hdr_bytes : 6'd40;
end
wire [12:0] frag_offset = {l3[8*6 +: 5], b(7)};  // byte 6: flags[2:0], offset[12:8]
wire v4_ports_inside = {1'b0, total_length} >= {11'd0, v4_hdr_bytes} + 17'd4;
wire v4_l4 = !v4_bad_header && frag_offset == 13'd0 && v4_ports_inside;
// IPv6: version 6, and a payload length (bytes 4..5) that holds the ports
wire v6_l4 = version == 4'd6 && {b(4), b(5)} >= 16'd4;
wire l4_known = ((is_ipv4 && v4_l4) || (is_ipv6 && v6_l4)) && (proto == 8'd6 || proto == 8'd17);
wire [15:0] sport = l4_known ? {l3[8*l4_at +: 8], l3[8*(l4_at+6'd1) +: 8]} : 16'd0;
wire [15:0] dport = l4_known ? {l3[8*(l4_at+6'd2) +: 8], l3[8*(l4_at+6'd3) +: 8]} : 16'd0;

assign proto = is_ipv4 ? b(9) : (is_ipv6 ? b(6) : 8'd0);
assign ttl = is_ipv4 ? b(8) : (is_ipv6 ? b(7) : 8'd0);
assign ipv4_dst = {b(16), b(17), b(18), b(19)};
assign l4_src = sport;
assign l4_dst = dport;
assign l4_valid = l4_known && present[l4_at + 6'd3];

wire [31:0] ipv4_src = {b(12), b(13), b(14), b(15)};

// addresses in network order (byte 0 in the top bits); IPv6 at bytes 8..23 and 24..39
logic [127:0] v6_src;
logic [127:0] v6_dst;
always_comb begin
    for (int i = 0; i < 16; i = i + 1) begin
        v6_src[127-8*i -: 8] = b(8 + i);
        v6_dst[127-8*i -: 8] = b(24 + i);
    end
end
assign src_addr = is_ipv6 ? v6_src : (is_ipv4 ? {96'd0, ipv4_src} : 128'd0);
assign dst_addr = is_ipv6 ? v6_dst : (is_ipv4 ? {96'd0, ipv4_dst} : 128'd0);

wire [103:0] tuple = {ipv4_src, ipv4_dst, proto, sport, dport};
// bit i of the tuple goes to bit i mod 8: the XOR of its 13 bytes
logic [7:0] h;
always_comb begin
    h = '0;
    for (int i = 0; i < 13; i = i + 1) begin
        h = h ^ tuple[8*i +: 8];
    end
end
assign flow_hash = h;

assign v4_truncated = !present[v4_hdr_bytes - 6'd1];
assign v4_bad_header = version != 4'd4 || ihl < 4'd5;
assign v4_bad_csum = sum != 16'hFFFF;
assign v4_bad_length = total_length < {10'd0, v4_hdr_bytes} ||
                       {1'b0, total_length} + {9'd0, l3_offset} + 17'd4 > {1'b0, frame_bytes};

endmodule

`resetall

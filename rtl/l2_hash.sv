`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * cposim: set index of the L2 table for a {VLAN, MAC} key.
 *
 * The 60-bit key {vid[11:0], mac[47:0]} is folded by XOR into SET_BITS bits:
 * key bit b goes to index bit (b mod SET_BITS). Cheap (one XOR tree per
 * index bit), and MACs that differ only in their low byte (the address plan
 * of cposim, docs/pipeline.md) land in different sets. The C++ golden model
 * (models/pipeline/l2_hash.h) computes the same function.
 *
 * Purely combinational.
 */

module l2_hash #
(
    // number of index bits (the table has 2**SET_BITS sets)
    parameter SET_BITS = $clog2(fwd_pkg::L2_SETS)
)
(
    input  wire [11:0]          vid,
    input  wire [47:0]          mac,
    output wire [SET_BITS-1:0]  set_index
);

localparam KEY_BITS = 60;
localparam CHUNKS = (KEY_BITS + SET_BITS - 1) / SET_BITS;
localparam PAD_BITS = CHUNKS * SET_BITS;

// zero-extended to whole chunks: XOR of the chunks sends key bit b to bit b mod SET_BITS
wire [PAD_BITS-1:0] key = PAD_BITS'({vid, mac});

logic [SET_BITS-1:0] h;

always_comb begin
    h = '0;
    for (int c = 0; c < CHUNKS; c = c + 1) begin
        h = h ^ key[c*SET_BITS +: SET_BITS];
    end
end

assign set_index = h;

endmodule

`resetall

// `cposim classify` against tshark, frame by frame: what each says a capture's frames hold.
// tshark (Wireshark's dissector, Debian's build) is the independent expectation; the parser's
// documented scope (docs/capture.md "classify against tshark") decides where the two may
// differ, and every such frame is counted under its rule. Anything else is a disagreement.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

struct ComparisonTally {
    std::map<std::string, int64_t> agree;         // field -> frames where both say the same
    std::map<std::string, int64_t> scope;         // rule -> frames it covered
    std::vector<std::string> disagreements;       // "file frame N: field: classify X, tshark Y"
    int64_t frames = 0;
    void add(const ComparisonTally& o);
    std::string table() const;  // agreement per field, then the scope rules
};

// Runs `cposim classify --pipeline PIPELINE FILE` (golden, rtl or checked) and tshark on FILE,
// and compares them.
ComparisonTally compare_classify_with_tshark(const std::string& file, const std::string& pipeline);
// The same for classify's output (JSON lines) given: the comparison's own test changes it.
ComparisonTally compare_with_tshark(const std::string& file, const std::string& classify_lines);

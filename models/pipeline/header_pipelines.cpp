#include "header_pipelines.h"

#include "errors.h"
#include "frame_builder.h"

namespace cposim::fwd {

DropReason drop_reason_of(uint8_t reason_code) {
    switch (static_cast<ReasonCode>(reason_code)) {
        case ReasonCode::runt: return DropReason::runt;
        case ReasonCode::truncated: return DropReason::truncated_header;
        case ReasonCode::oversize: return DropReason::oversize;
        case ReasonCode::l2_miss: return DropReason::l2_miss;
        case ReasonCode::unknown_ethertype: return DropReason::unknown_ethertype;
        case ReasonCode::bad_ipv4_header: return DropReason::bad_ipv4_header;
        case ReasonCode::bad_ipv4_checksum: return DropReason::bad_ipv4_checksum;
        case ReasonCode::bad_ipv4_length: return DropReason::bad_ipv4_length;
        case ReasonCode::ttl_expired: return DropReason::ttl_expired;
        case ReasonCode::no_route: return DropReason::no_route;
        case ReasonCode::acl_deny: return DropReason::acl_deny;
        case ReasonCode::none: break;
    }
    throw ModelInconsistency("forwarding pipeline: drop with unknown reason code " +
                             std::to_string(reason_code));
}

ForwardingDecision to_forwarding_decision(const PipelineDecision& d, const Packet& packet) {
    ForwardingDecision f;
    f.latency_cycles = d.latency;
    f.traffic_class = d.tc;
    if (d.drop) {
        f.drop = true;
        f.drop_reason = drop_reason_of(d.reason);
        return f;
    }
    (void)packet;
    f.egress_port = d.port;
    if (d.flood) f.flood_mask = d.mask;  // the switch copies the frame to each port of the mask
    return f;
}

GoldenPipeline::GoldenPipeline(const char* name) : regs_(name, model_) {}

ForwardingDecision GoldenPipeline::decide(const Packet& packet) {
    // A synthesized frame that the model decides by its L2 header: only the bytes it reads built.
    if (const uint64_t dst_mac = destination_mac(packet); packet.capture == nullptr && model_.decides_by_l2(dst_mac)) {
        write_l2_prefix(packet, l2_prefix_);
        return to_forwarding_decision(model_.decide_bridged(l2_prefix_, dst_mac), packet);
    }
    return to_forwarding_decision(model_.decide(header_slice(packet), GoldenModel::Fields::decision_only), packet);
}

RtlPipeline::RtlPipeline(const std::string& waves_path, double clock_period_ps, const char* name)
    : model_(waves_path, clock_period_ps), regs_(name, model_) {
    model_.hold_waves();  // its waves start with the switch's first header, on the switch's time axis
}

void RtlPipeline::header_enters(const Packet& packet, uint64_t cycle) { model_.schedule(cycle, header_slice(packet)); }

ForwardingDecision RtlPipeline::decide(const Packet& packet) {
    const PipelineDecision d = model_.next_decision();
    if (d.src_port != (packet.src_port & (kPorts - 1)))
        throw ModelInconsistency("fwd_pipeline RTL: decision for source port " + std::to_string(d.src_port) +
                                 " given to packet " + std::to_string(packet.id) + " of port " +
                                 std::to_string(packet.src_port) + " (headers and decisions out of step)");
    return to_forwarding_decision(d, packet);
}

CheckedPipeline::CheckedPipeline(const std::string& waves_path, double clock_period_ps, const std::string& name)
    : golden_((name + "_checked_golden").c_str()),
      rtl_(waves_path, clock_period_ps, (name + "_checked_rtl").c_str()) {}

void CheckedPipeline::header_enters(const Packet& packet, uint64_t cycle) {
    HeaderSlice slice = header_slice(packet);
    rtl_.model().schedule(cycle, slice);
    const PipelineDecision g = golden_.model().decide(slice);
    golden_decisions_.push_back({std::move(slice), g});
}

ForwardingDecision CheckedPipeline::decide(const Packet& packet) {
    if (golden_decisions_.empty()) throw ModelInconsistency("checked pipeline: a decision asked for with no header scheduled");
    const auto [slice, g] = std::move(golden_decisions_.front());
    golden_decisions_.pop_front();
    const PipelineDecision r = rtl_.model().next_decision();
    ++compared_;
    if (g != r)
        throw ModelInconsistency(mismatch_report(
            slice, g, r, rtl_.model().cycles(),
            "packet " + std::to_string(packet.id) + " (comparison " + std::to_string(compared_) + ")"));
    return to_forwarding_decision(g, packet);
}

}  // namespace cposim::fwd

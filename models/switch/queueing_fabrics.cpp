// The built-in queueing fabrics, registered by name (switch.queueing).
#include "cell_crossbar.h"
#include "output_queueing.h"
#include "queueing_fabric.h"

namespace cposim {

Registry<FabricFactory>& queueing_fabrics() {
    static Registry<FabricFactory> registry = [] {
        Registry<FabricFactory> r("queueing fabric");
        r.add("output", [](const FabricContext& c) { return std::make_unique<OutputQueueing>(c.egress); },
              "shared-memory output queueing");
        r.add("voq_islip",
              [](const FabricContext& c) {
                  return std::make_unique<CellCrossbar<IslipArbiter>>(
                      c, CrossbarInputs::voq, std::make_unique<IslipArbiter>(c.config.ports, c.config.islip_iterations));
              },
              "virtual output queues and an iSLIP-scheduled cell crossbar (switch.islip_iterations, switch.speedup)");
        r.add("input_fifo",
              [](const FabricContext& c) {
                  return std::make_unique<CellCrossbar<RandomFifoArbiter>>(
                      c, CrossbarInputs::fifo, std::make_unique<RandomFifoArbiter>(c.config.ports, c.seed));
              },
              "one FIFO per input, head-of-line frames contend for a cell crossbar (random arbiter)");
        return r;
    }();
    return registry;
}

}  // namespace cposim

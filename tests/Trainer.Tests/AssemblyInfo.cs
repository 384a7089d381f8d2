// Tests run one at a time: the live-tensor count is process-wide, the machine has two cores, and the cluster
// fixture is shared.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

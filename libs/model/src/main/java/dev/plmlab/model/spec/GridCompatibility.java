package dev.plmlab.model.spec;

import dev.plmlab.model.catalog.ModelFamily;
import dev.plmlab.model.catalog.TaskType;
import java.util.List;

/**
 * Which tasks, models, poolings and probes can run together. The planner pairs each probe with the tasks
 * it {@link ProbeSpec#fits fits} (its kind, narrowed by its {@code task_types} when given), so a spec may mix regression, classification and per-residue tasks;
 * what would leave a probe or a task with nothing to run, or asks for features no probe can use, is
 * rejected here with its path, before anything runs.
 */
final class GridCompatibility {

    private GridCompatibility() {
    }

    static void check(List<TaskSpec> allTasks, List<ModelSpec> models, List<ProbeSpec> probes, SpecNodes n) {
        // a task without a type is already reported; it can neither pass nor fail these checks
        List<TaskSpec> tasks = allTasks.stream().filter(t -> t.type() != null).toList();
        if (tasks.size() < allTasks.size() || tasks.isEmpty() || models.isEmpty() || probes.isEmpty()) {
            return; // already reported as missing
        }
        for (int k = 0; k < probes.size(); k++) {
            ProbeSpec probe = probes.get(k);
            String path = SpecNodes.item("probes", k);
            if (tasks.stream().noneMatch(t -> probe.fits(t.type()))) {
                n.error(path, probe.type() + " fits " + probe.fitsDescription() + "; no task here is one (tasks: "
                        + describeTasks(tasks) + ")");
            }
            if (probe.needsOneHot()) {
                for (int j = 0; j < models.size(); j++) {
                    if (models.get(j).family() != ModelFamily.ONE_HOT) {
                        n.error(path, probe.type() + " needs one-hot input; " + SpecNodes.item("models", j) + " is "
                                + models.get(j).family().specName());
                    }
                }
            }
        }
        for (int i = 0; i < tasks.size(); i++) {
            TaskSpec task = tasks.get(i);
            String path = SpecNodes.item("tasks", i);
            if (probes.stream().noneMatch(p -> p.fits(task.type()))) {
                boolean restricted = probes.stream().anyMatch(p -> p.taskTypes() != null);
                n.error(path, "no probe here fits a " + task.type().specName() + " task (probes: "
                        + String.join(", ", probes.stream().map(GridCompatibility::describeProbe).toList()) + "); "
                        + (task.type() == TaskType.REGRESSION ? "add ridge, linear or mlp" : "add linear or mlp")
                        + (restricted ? ", or add " + task.type().specName() + " to a probe's task_types" : ""));
            }
            for (int j = 0; j < models.size(); j++) {
                ModelSpec model = models.get(j);
                if (model.pooling() == null) {
                    continue;
                }
                boolean perResidueTask = task.type() == TaskType.PER_RESIDUE_CLASSIFICATION;
                if (perResidueTask && model.pooling() == Pooling.MEAN) {
                    n.error(SpecNodes.item("models", j) + ".pooling", "mean gives one vector per sequence, but " + path
                            + " (" + task.name() + ") is per residue; write pooling: none or leave it out");
                } else if (!perResidueTask && model.pooling() == Pooling.NONE) {
                    n.error(SpecNodes.item("models", j) + ".pooling", "none gives per-residue features, but " + path
                            + " (" + task.name() + ") is a " + task.type().specName()
                            + " task on whole sequences; write pooling: mean or leave it out");
                }
            }
        }
    }

    private static String describeProbe(ProbeSpec probe) {
        return probe.taskTypes() == null ? probe.type() : probe.type() + " (task_types: "
                + String.join(", ", probe.taskTypes().stream().map(TaskType::specName).toList()) + ")";
    }

    private static String describeTasks(List<TaskSpec> tasks) {
        return String.join(", ", tasks.stream().map(t -> t.name() + " is " + t.type().specName()).toList());
    }
}

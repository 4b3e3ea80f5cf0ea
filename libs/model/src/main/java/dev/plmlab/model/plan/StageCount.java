package dev.plmlab.model.plan;

/** Jobs of one stage of one experiment: issued, finished, failed, and how many were found stored. */
final class StageCount {
    int total;
    int done;
    int failed;
    int cached;
}

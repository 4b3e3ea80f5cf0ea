package dev.plmlab.orchestrator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps each experiment's share of a stage's topic small: at most {@code window} of its jobs of a stage are on
 * the topic at once, the rest wait here and go out one by one as its jobs end. A stage service reads its topic
 * in order, so without this a small experiment submitted behind a large one waits for every job the large one
 * has queued; with it, behind at most {@code window} jobs of each experiment running.
 *
 * <p>Waiting jobs are not state to keep: an orchestrator that restarts re-plans from the store and offers them
 * again. {@code window <= 0} sends everything at once.
 */
final class FairDispatch {

    /** A job to send: its id (the record key) and its payload. */
    record Job(String jobId, String payload) {
    }

    private static final class Lane {
        final ArrayDeque<Job> waiting = new ArrayDeque<>();
        final Set<String> onTopic = new LinkedHashSet<>();
    }

    private final int window;
    private final Map<String, Map<String, Lane>> lanes = new HashMap<>();

    FairDispatch(int window) {
        this.window = window;
    }

    /** Queues an experiment's new jobs of a stage; returns those to send now. */
    synchronized List<Job> offer(String experimentId, String stage, List<Job> jobs) {
        Lane lane = lane(experimentId, stage);
        for (Job job : jobs) {
            if (!lane.onTopic.contains(job.jobId()) && lane.waiting.stream().noneMatch(j -> j.jobId().equals(job.jobId()))) {
                lane.waiting.add(job);
            }
        }
        return drain(lane);
    }

    /** A job of the experiment ended (its output or its failure came back); returns the jobs to send in its place. */
    synchronized List<Job> ended(String experimentId, String stage, String jobId) {
        Map<String, Lane> byStage = lanes.get(experimentId);
        Lane lane = byStage == null ? null : byStage.get(stage);
        if (lane == null || !lane.onTopic.remove(jobId)) {
            return List.of(); // a repeated reply, or one of a job sent before a restart
        }
        return drain(lane);
    }

    /** Drops an experiment: it ended, or it is re-planned from the store and offers its jobs again. */
    synchronized void forget(String experimentId) {
        lanes.remove(experimentId);
    }

    /** Jobs held back, over every experiment and stage. */
    synchronized int waiting() {
        return lanes.values().stream().flatMap(m -> m.values().stream()).mapToInt(l -> l.waiting.size()).sum();
    }

    private Lane lane(String experimentId, String stage) {
        return lanes.computeIfAbsent(experimentId, e -> new HashMap<>()).computeIfAbsent(stage, s -> new Lane());
    }

    private List<Job> drain(Lane lane) {
        List<Job> now = new ArrayList<>();
        while (!lane.waiting.isEmpty() && (window <= 0 || lane.onTopic.size() < window)) {
            Job job = lane.waiting.poll();
            lane.onTopic.add(job.jobId());
            now.add(job);
        }
        return now;
    }
}

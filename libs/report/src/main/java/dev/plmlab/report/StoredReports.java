package dev.plmlab.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.ProbeOutcome;
import dev.plmlab.model.messages.ReportReady;
import dev.plmlab.model.messages.ReportRequest;
import dev.plmlab.model.results.TestPredictions;
import dev.plmlab.store.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reports in the object store: written from a report request (the reporter service), and written again
 * later from the request stored beside them ({@code plmlab report}), with whatever this version of plmlab
 * computes and draws.
 */
public final class StoredReports {

    /** Predictions read for paired tests are kept this many at a time: a model's seeds and its ablations'. */
    private static final int PREDICTIONS_CACHED = 64;

    private StoredReports() {
    }

    /** Stores the request, then results.csv, statistics.csv, report.md and report.html; returns what to announce. */
    public static ReportReady write(ObjectStore store, ReportRequest request) {
        store.put(ObjectKeys.reportRequest(request.experimentId()), Messages.toJson(request).getBytes(StandardCharsets.UTF_8),
                "application/json");
        List<ProbeOutcome> outcomes = request.resultKeys().stream().map(key -> read(store, key, ProbeOutcome.class)
                .orElseThrow(() -> new IllegalStateException("missing probe outcome at " + key + " in bucket " + store.bucket())))
                .toList();
        RenderedReport report = ExperimentReport.render(new ReportInputs(request.name(), request.experimentId(), outcomes,
                request.failures(), request.datasetNotes()), predictions(store));
        String id = request.experimentId();
        store.put(ObjectKeys.resultsCsv(id), bytes(report.resultsCsv()), "text/csv");
        store.put(ObjectKeys.statisticsCsv(id), bytes(report.statisticsCsv()), "text/csv");
        store.put(ObjectKeys.reportMarkdown(id), bytes(report.markdown()), "text/markdown");
        store.put(ObjectKeys.reportHtml(id), bytes(report.html()), "text/html");
        return new ReportReady(Messages.VERSION, id, request.name(), ObjectKeys.resultsCsv(id), ObjectKeys.reportMarkdown(id),
                ObjectKeys.reportHtml(id), outcomes.size(), request.failures().size());
    }

    /** Writes the report of an experiment again from its stored request. */
    public static ReportReady rewrite(ObjectStore store, String experimentId) {
        ReportRequest request = read(store, ObjectKeys.reportRequest(experimentId), ReportRequest.class)
                .orElseThrow(() -> new IllegalArgumentException("experiment " + experimentId + " has no stored report request ("
                        + ObjectKeys.reportRequest(experimentId) + "): it has not finished, or it was reported by an older "
                        + "plmlab that did not keep one; run it again"));
        return write(store, request);
    }

    private static PredictionsSource predictions(ObjectStore store) {
        Map<String, Optional<TestPredictions>> cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Optional<TestPredictions>> eldest) {
                return size() > PREDICTIONS_CACHED;
            }
        };
        return key -> {
            synchronized (cache) {
                Optional<TestPredictions> cached = cache.get(key);
                if (cached != null) {
                    return cached;
                }
            }
            Optional<TestPredictions> read = read(store, key, TestPredictions.class);
            synchronized (cache) {
                cache.put(key, read);
            }
            return read;
        };
    }

    private static <T> Optional<T> read(ObjectStore store, String key, Class<T> type) {
        return store.get(key).map(bytes -> {
            try {
                return Messages.mapper().readValue(bytes, type);
            } catch (IOException e) {
                throw new IllegalStateException("stored object " + key + " is not a valid " + type.getSimpleName() + ": "
                        + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
            }
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

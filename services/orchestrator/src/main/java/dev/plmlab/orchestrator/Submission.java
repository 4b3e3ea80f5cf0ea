package dev.plmlab.orchestrator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.plmlab.model.messages.JobIds;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.spec.SpecError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One record from {@code plmlab.experiments}, read as leniently as a plain Kafka client needs and as strictly as
 * the orchestrator must: every submission gets an experiment id (so it can be answered) and, when it cannot
 * run, the problems to answer with.
 *
 * <p>The id is the submission's {@code experimentId}; else the record key, when it can be an id; else the hash of
 * the spec text ({@link JobIds#experiment}, what {@code plmlab submit} sends); else the hash of the payload, so
 * that even a message that is not JSON is answered under a stable id.
 *
 * @param experimentId never null
 * @param specText     the spec as sent; null when there is none
 * @param problems     what makes it unanswerable but by a rejection; empty when the spec can be read
 */
record Submission(String experimentId, String specText, List<SpecError> problems) {

    /** Ids become object-key segments: what {@code ObjectKeys} accepts. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    /** Where a problem is not in the spec but in the message around it. */
    static final String MESSAGE = "(message)";
    static final String FILE = "(file)";

    static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches() && !id.contains("..");
    }

    static Submission read(String key, String payload) {
        List<SpecError> problems = new ArrayList<>();
        if (payload == null || payload.isBlank()) {
            problems.add(new SpecError(MESSAGE, "the message is empty: send a JSON object with 'specText' (the spec as"
                    + " YAML or JSON text) and, optionally, 'experimentId'"));
            return new Submission(fallbackId(key, payload == null ? "" : payload), null, problems);
        }
        JsonNode tree;
        try {
            tree = Messages.mapper().readTree(payload);
        } catch (JsonProcessingException e) {
            problems.add(new SpecError(MESSAGE, "not JSON (" + e.getOriginalMessage() + "): send a JSON object with"
                    + " 'specText' (the spec as YAML or JSON text)"));
            return new Submission(fallbackId(key, payload), null, problems);
        }
        if (tree == null || !tree.isObject()) {
            problems.add(new SpecError(MESSAGE, "not a JSON object: send one with 'specText' (the spec as YAML or JSON text)"));
            return new Submission(fallbackId(key, payload), null, problems);
        }

        JsonNode specNode = tree.get("specText");
        String specText = specNode != null && specNode.isTextual() ? specNode.asText() : null;
        if (specNode == null || specNode.isNull()) {
            problems.add(new SpecError("specText", "missing: the submission must carry the experiment spec (YAML or JSON)"
                    + " as the string 'specText'"));
        } else if (specText == null) {
            problems.add(new SpecError("specText", "must be a string holding the spec's YAML or JSON text, not "
                    + specNode.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        } else if (specText.isBlank()) {
            problems.add(new SpecError(FILE, "the spec is empty"));
        }

        JsonNode version = tree.get("version");
        // A plain client may leave the version out: it then means this one.
        if (version != null && !version.isNull()) {
            if (!version.canConvertToInt() || version.asInt() < 1) {
                problems.add(new SpecError("version", "'" + version.asText() + "' is not a message version (this"
                        + " orchestrator reads 1.." + Messages.VERSION + ")"));
            } else if (version.asInt() > Messages.VERSION) {
                problems.add(new SpecError("version", "version " + version.asInt() + " is newer than this orchestrator"
                        + " reads (1.." + Messages.VERSION + "): submit with version " + Messages.VERSION));
            }
        }

        String id;
        JsonNode idNode = tree.get("experimentId");
        if (idNode != null && !idNode.isNull() && !(idNode.isTextual() && idNode.asText().isBlank())) {
            String given = idNode.asText();
            if (isValidId(given)) {
                id = given;
            } else {
                problems.add(new SpecError("experimentId", "'" + abbreviate(given) + "' cannot be an experiment id: use"
                        + " 1-200 letters, digits, '-', '_' and '.', or leave it out and the orchestrator derives one"));
                // answered under what the client sent, so that it recognises the rejection
                id = given.length() <= 200 ? given : fallbackId(key, specText == null ? payload : specText);
            }
        } else {
            id = fallbackId(key, specText == null || specText.isBlank() ? payload : specText);
        }
        return new Submission(id, specText, problems);
    }

    private static String fallbackId(String key, String text) {
        return isValidId(key) ? key : JobIds.experiment(text);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}

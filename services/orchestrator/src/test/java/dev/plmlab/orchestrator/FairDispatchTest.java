package dev.plmlab.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FairDispatchTest {

    private static List<FairDispatch.Job> jobs(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> new FairDispatch.Job(prefix + i, "{}")).toList();
    }

    private static List<String> ids(List<FairDispatch.Job> jobs) {
        return jobs.stream().map(FairDispatch.Job::jobId).toList();
    }

    @Test
    void aLargeExperimentHasAtMostItsWindowOnTheTopicAndASmallOneGoesOutAtOnce() {
        FairDispatch dispatch = new FairDispatch(3);
        assertEquals(List.of("big0", "big1", "big2"), ids(dispatch.offer("big", "probes", jobs("big", 100))));
        assertEquals(97, dispatch.waiting());
        assertEquals(List.of("small0", "small1"), ids(dispatch.offer("small", "probes", jobs("small", 2))),
                "the small experiment's jobs queue behind 3 of the big one's, not 100");
        assertEquals(List.of("big3"), ids(dispatch.ended("big", "probes", "big1")));
        assertEquals(List.of(), ids(dispatch.ended("big", "probes", "big1")), "a repeated reply releases nothing");
        assertEquals(List.of(), ids(dispatch.ended("big", "embeddings", "big0")), "stages have their own windows");
    }

    @Test
    void aJobOfferedTwiceGoesOutOnceAndForgetDropsWhatWaits() {
        FairDispatch dispatch = new FairDispatch(1);
        assertEquals(List.of("a0"), ids(dispatch.offer("e", "datasets", jobs("a", 2))));
        assertEquals(List.of(), ids(dispatch.offer("e", "datasets", jobs("a", 2))));
        assertEquals(1, dispatch.waiting());
        dispatch.forget("e");
        assertEquals(0, dispatch.waiting());
        assertEquals(List.of("a0"), ids(dispatch.offer("e", "datasets", jobs("a", 2))), "re-planned from the store: offered afresh");
    }

    @Test
    void noWindowSendsEverything() {
        assertEquals(50, new FairDispatch(0).offer("e", "probes", jobs("p", 50)).size());
    }
}

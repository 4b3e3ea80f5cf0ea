package dev.plmlab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.testkit.S3ProxyProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries against a real S3 server (S3Proxy child process) that is stopped and restarted on the same port and
 * folder: calls made while it is down succeed once it is back; permanent errors fail at once; a store that
 * never comes back fails after the bound, saying how long it tried.
 */
class ObjectStoreRetryTest {

    /** Quick enough for a test, long enough to outlast a restart of S3Proxy on 2 busy cores. */
    private static final RetryPolicy PATIENT = new RetryPolicy(100, Duration.ofMillis(50), Duration.ofMillis(500),
            Duration.ofSeconds(60));
    private static final Duration OUTAGE = Duration.ofSeconds(3);

    private static S3ProxyProcess s3;
    private static final List<RetryListener.Retry> heard = new CopyOnWriteArrayList<>();
    private static ObjectStore store;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        s3 = S3ProxyProcess.startTemporary();
        store = new ObjectStore(settings("plmlab", s3.secretKey()), PATIENT, heard::add);
        store.ensureBucket();
    }

    @AfterAll
    static void stopAll() {
        if (store != null) {
            store.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @BeforeEach
    void running() {
        if (!s3.isRunning()) {
            s3.restart();
        }
        heard.clear();
    }

    private static S3Settings settings(String bucket, String secret) {
        return new S3Settings(s3.endpoint(), s3.accessKey(), secret, bucket, s3.region());
    }

    /** Stops S3 for {@link #OUTAGE}, runs {@code call} meanwhile, restarts S3; returns the call's outcome. */
    private static <T> T duringOutage(java.util.function.Supplier<T> call) throws Exception {
        s3.stop();
        assertFalse(s3.isRunning());
        CompletableFuture<T> result = CompletableFuture.supplyAsync(call);
        Thread.sleep(OUTAGE.toMillis());
        assertFalse(result.isDone(), "the call waits while the store is away");
        s3.restart();
        return result.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aGetDuringAnOutageSucceedsOnceTheStoreIsBack() throws Exception {
        byte[] body = "kept across the restart".getBytes(StandardCharsets.UTF_8);
        store.put("retry/get.txt", body, "text/plain");
        long before = store.retries();

        Optional<byte[]> got = duringOutage(() -> store.get("retry/get.txt"));

        assertArrayEquals(body, got.orElseThrow());
        assertTrue(store.retries() > before, "retries were counted");
        assertFalse(heard.isEmpty(), "the listener heard of them");
        RetryListener.Retry first = heard.get(0);
        assertEquals("get", first.operation());
        assertEquals("retry/get.txt", first.key());
        assertEquals(1, first.attempt());
        assertTrue(heard.get(heard.size() - 1).attempt() == heard.size(), "attempts are counted up: " + heard);
    }

    @Test
    void putsOfBytesAndOfFilesDuringAnOutageSucceedOnceTheStoreIsBack() throws Exception {
        byte[] bytes = "small".getBytes(StandardCharsets.UTF_8);
        byte[] large = new byte[7 * 1024 * 1024];
        new Random(7).nextBytes(large);
        Path file = Files.write(temp.resolve("layer.npy"), large);

        duringOutage(() -> {
            store.put("retry/put.txt", bytes, "text/plain");
            store.put("retry/layer.npy", file);
            return null;
        });

        assertArrayEquals(bytes, store.get("retry/put.txt").orElseThrow());
        assertArrayEquals(large, store.get("retry/layer.npy").orElseThrow(), "the file went up whole, from its start");
    }

    @Test
    void existsListReadAndDownloadRideOutAnOutage() throws Exception {
        store.put("retry/list/a", new byte[] {1, 2, 3}, "application/octet-stream");
        Path target = temp.resolve("down/a");

        List<Object> outcomes = duringOutage(() -> List.of(store.exists("retry/list/a"), store.list("retry/list/"),
                store.read("retry/list/a", in -> in.readAllBytes().length).orElseThrow(),
                store.exists("retry/list/missing")));
        store.download("retry/list/a", target);

        assertEquals(List.of(true, List.of("retry/list/a"), 3, false), outcomes);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    }

    @Test
    void aMissingKeyIsAnAnswerNotAFailure() {
        long before = store.retries();
        assertEquals(Optional.empty(), store.get("retry/none"));
        assertFalse(store.exists("retry/none"));
        assertEquals(Optional.empty(), store.read("retry/none", in -> 1));
        assertEquals(before, store.retries());
    }

    @Test
    void permanentErrorsFailAtOnceNamingBucketAndKey() {
        try (ObjectStore noBucket = new ObjectStore(settings("no-such-bucket", s3.secretKey()), PATIENT, heard::add);
             ObjectStore wrongKey = new ObjectStore(settings("plmlab", "not-the-secret"), PATIENT, heard::add)) {
            long started = System.nanoTime();
            StoreException missingBucket = assertThrows(StoreException.class, () -> noBucket.get("datasets/x.json"));
            StoreException denied = assertThrows(StoreException.class,
                    () -> wrongKey.put("datasets/y.json", new byte[1], "application/json"));
            double seconds = (System.nanoTime() - started) / 1e9;

            assertTrue(missingBucket.getMessage().contains("s3://no-such-bucket/datasets/x.json"), missingBucket.getMessage());
            assertTrue(missingBucket.getMessage().contains("NoSuchBucket"), missingBucket.getMessage());
            assertTrue(denied.getMessage().contains("s3://plmlab/datasets/y.json"), denied.getMessage());
            assertTrue(denied.getMessage().matches("(?s).*(AccessDenied|SignatureDoesNotMatch|InvalidAccessKeyId).*"),
                    denied.getMessage());
            assertFalse(missingBucket.transientFailure());
            assertFalse(denied.transientFailure());
            assertEquals(1, missingBucket.attempts());
            assertEquals(1, denied.attempts());
            assertEquals(List.of(), heard, "nothing was retried");
            assertTrue(seconds < 5, "failed at once, in " + seconds + " s");
        }
    }

    @Test
    void aReadersOwnFailureIsNotRetried() {
        store.put("retry/malformed.npy", "not npy".getBytes(StandardCharsets.UTF_8), "application/octet-stream");

        StoreException e = assertThrows(StoreException.class, () -> store.read("retry/malformed.npy", in -> {
            in.readAllBytes();
            throw new IOException("not an .npy file");
        }));

        assertTrue(e.getMessage().contains("s3://plmlab/retry/malformed.npy"), e.getMessage());
        assertTrue(e.getMessage().contains("not an .npy file"), e.getMessage());
        assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
        assertEquals(List.of(), heard);
    }

    /** A stand-in S3 endpoint that answers each request with the next of {@code answers} (status, S3 error code), then 404. */
    private static com.sun.net.httpserver.HttpServer fakeS3(List<String[]> answers, List<String> requests) throws IOException {
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 16);
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        http.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            int i = n.getAndIncrement();
            String[] answer = i < answers.size() ? answers.get(i) : new String[] {"404", "NoSuchKey"};
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + answer[1] + "</Code><Message>simulated "
                    + answer[1] + "</Message><Resource>" + exchange.getRequestURI().getPath() + "</Resource><RequestId>r" + i
                    + "</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), head ? -1 : body.length);
            if (!head) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        http.start();
        return http;
    }

    @Test
    void slowDownAnd5xxAreRetriedAccessDeniedIsNot() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        // the MinIO client itself retries a few 5xx quickly (its StatusRetryInterceptor); more outlast it
        List<String[]> failing = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            failing.add(i % 3 == 0 ? new String[] {"503", "SlowDown"} : i % 3 == 1 ? new String[] {"500", "InternalError"}
                    : new String[] {"502", "BadGateway"});
        }
        com.sun.net.httpserver.HttpServer http = fakeS3(failing, requests);
        String endpoint = "http://127.0.0.1:" + http.getAddress().getPort();
        try (ObjectStore fake = new ObjectStore(new S3Settings(endpoint, "k", "s", "plmlab", "us-east-1"), PATIENT, heard::add)) {
            assertEquals(Optional.empty(), fake.get("retry/slow"), "503, 500, 502 ... then the answer (no such key)");
            assertEquals(13, requests.size(), requests.toString());
            assertFalse(heard.isEmpty(), "this store retried once the client's own retries were spent");
        } finally {
            http.stop(0);
        }

        requests.clear();
        heard.clear();
        http = fakeS3(List.of(new String[] {"403", "AccessDenied"}, new String[] {"403", "AccessDenied"}), requests);
        endpoint = "http://127.0.0.1:" + http.getAddress().getPort();
        try (ObjectStore fake = new ObjectStore(new S3Settings(endpoint, "k", "s", "plmlab", "us-east-1"), PATIENT, heard::add)) {
            StoreException e = assertThrows(StoreException.class, () -> fake.get("retry/denied"));
            assertEquals(1, requests.size(), requests.toString());
            assertTrue(e.getMessage().contains("s3://plmlab/retry/denied") && e.getMessage().contains("AccessDenied"),
                    e.getMessage());
            assertEquals(List.of(), heard);
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aStoreThatNeverComesBackFailsAfterTheBoundSayingHowLongItTried() {
        RetryPolicy bound = new RetryPolicy(1000, Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(3));
        try (ObjectStore bounded = new ObjectStore(settings("plmlab", s3.secretKey()), bound, heard::add)) {
            s3.stop();
            long started = System.nanoTime();

            StoreException e = assertThrows(StoreException.class, () -> bounded.get("retry/gone"));

            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(seconds >= 2.5 && seconds < 6, "gave up after about 3 s, not " + seconds);
            assertTrue(e.transientFailure());
            assertTrue(e.attempts() > 3, "retried: " + e.attempts());
            assertTrue(e.getMessage().matches("(?s)get s3://plmlab/retry/gone at .* failed after \\d+ attempts over \\d+\\.\\d s "
                    + "\\(retry bound: up to 1000 attempts within 3\\.0 s\\): .*"), e.getMessage());
            assertEquals(e.attempts() - 1, heard.size());
        }
        RetryPolicy fewAttempts = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(60));
        try (ObjectStore bounded = new ObjectStore(settings("plmlab", s3.secretKey()), fewAttempts, RetryListener.NONE)) {
            StoreException e = assertThrows(StoreException.class, () -> bounded.exists("retry/gone"));
            assertEquals(3, e.attempts());
            assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        }
    }
}

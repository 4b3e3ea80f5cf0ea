package dev.plmlab.cli.forge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class S3LocationTest {

    @Test
    void bucketAndPrefixWithoutStraySlashes() throws CommandFailure {
        S3Location location = S3Location.parse("s3://models/triton/repo/");
        assertEquals(new S3Location("models", "triton/repo"), location);
        assertEquals("triton/repo/x/config.pbtxt", location.key("x/config.pbtxt"));
        assertEquals("s3://models/triton/repo", location.toString());
    }

    @Test
    void aBareBucketHasAnEmptyPrefix() throws CommandFailure {
        S3Location location = S3Location.parse("s3://models");
        assertEquals("", location.prefix());
        assertEquals("x/config.pbtxt", location.key("x/config.pbtxt"));
    }

    @Test
    void aMissingBucketIsAnError() {
        CommandFailure e = assertThrows(CommandFailure.class, () -> S3Location.parse("s3:///prefix"));
        assertTrue(e.getMessage().contains("no bucket"), e.getMessage());
    }
}

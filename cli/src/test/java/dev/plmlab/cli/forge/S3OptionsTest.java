package dev.plmlab.cli.forge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plmlab.store.S3Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3OptionsTest {

    private static final Map<String, String> ENV = Map.of(
            "PLMLAB_S3_ENDPOINT", "http://minio:9000",
            "PLMLAB_S3_ACCESS_KEY", "env-access",
            "PLMLAB_S3_SECRET_KEY", "env-secret");

    @Test
    void environmentFillsWhatTheOptionsLeaveOut() throws CommandFailure {
        S3Options options = new S3Options();
        options.accessKey = "option-access";
        S3Settings settings = options.settings("models", ENV::get);
        assertEquals(new S3Settings("http://minio:9000", "option-access", "env-secret", "models", "us-east-1"), settings);
    }

    @Test
    void everyMissingSettingIsNamed() {
        S3Options options = new S3Options();
        options.endpoint = "http://127.0.0.1:9000";
        CommandFailure e = assertThrows(CommandFailure.class, () -> options.settings("models", name -> null));
        assertEquals("an s3:// output needs the access key (--s3-access-key or $PLMLAB_S3_ACCESS_KEY), "
                + "the secret key (--s3-secret-key or $PLMLAB_S3_SECRET_KEY)", e.getMessage());
    }
}

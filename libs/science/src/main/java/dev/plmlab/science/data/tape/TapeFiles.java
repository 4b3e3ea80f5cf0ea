package dev.plmlab.science.data.tape;

import dev.plmlab.science.data.PinnedFile;
import java.net.URI;
import java.util.Map;

/**
 * TAPE's task archives on songlab's public bucket. The LMDB archives carry the md5s given in
 * SCIENCE.md; the JSON archives have none published, so the lock file keeps their sha256.
 */
public final class TapeFiles {
    private static final String BASE = "https://s3.amazonaws.com/songlabdata/proteindata/";

    private static final Map<TapeTask, String> LMDB_MD5 = Map.of(
            TapeTask.SECONDARY_STRUCTURE, "2f61e8e09c215c032ef5bc8b910c8e97",
            TapeTask.FLUORESCENCE, "d63d1d51ec8c20ff0d981e4cbd67457a",
            TapeTask.STABILITY, "aa1e06eb5a59e0ecdae581e9ea029675");

    private TapeFiles() {
    }

    public static PinnedFile archive(TapeTask task, TapeFormat format) {
        return switch (format) {
            case LMDB -> PinnedFile.withMd5("tape/lmdb/" + task.archiveName() + ".tar.gz",
                    URI.create(BASE + "data_pytorch/" + task.archiveName() + ".tar.gz"), LMDB_MD5.get(task));
            case JSON -> PinnedFile.locked("tape/json/" + task.archiveName() + ".tar.gz",
                    URI.create(BASE + "data_raw_pytorch/" + task.archiveName() + ".tar.gz"));
        };
    }
}

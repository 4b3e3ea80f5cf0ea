package dev.plmlab.cli;

import dev.plmlab.cli.local.LocalStack;
import dev.plmlab.testkit.ModelRepository;
import dev.plmlab.testkit.S3ModelRepository;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The stack's bucket, known once the stack runs; the server needs it only when asked to load. */
final class StackModelRepository implements ModelRepository {
    private volatile ModelRepository target;

    void bind(ModelRepository repository) {
        target = repository;
    }

    /** The Triton repository under {@code prefix} in the bucket of {@code stack}. */
    void bindTo(LocalStack stack, String prefix) {
        Map<String, String> s3 = stack.config();
        bind(ModelRepository.s3(new S3ModelRepository.Location(s3.get("plmlab.s3.endpoint"), s3.get("plmlab.s3.region"),
                LocalStack.BUCKET, prefix, s3.get("plmlab.s3.access-key"), s3.get("plmlab.s3.secret-key"))));
    }

    private ModelRepository target() throws IOException {
        ModelRepository t = target;
        if (t == null) {
            throw new IOException("the stack's S3 repository is not known yet: the server was asked before the stack ran");
        }
        return t;
    }

    @Override
    public List<String> names() throws IOException {
        return target().names();
    }

    @Override
    public Path fetch(String name) throws IOException {
        return target().fetch(name);
    }

    @Override
    public void release(String name, Path fetched) {
        ModelRepository t = target;
        if (t != null) {
            t.release(name, fetched);
        }
    }

    @Override
    public String describe() {
        ModelRepository t = target;
        return t == null ? "(the stack's bucket, not started)" : t.describe();
    }

    @Override
    public void close() {
        ModelRepository t = target;
        if (t != null) {
            t.close();
        }
    }
}

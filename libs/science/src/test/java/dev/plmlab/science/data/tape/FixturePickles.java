package dev.plmlab.science.data.tape;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The TAPE-format pickles written by test resource data/tape/make_fixture_pickles.py. */
final class FixturePickles {
    private FixturePickles() {
    }

    static byte[] read(String name) {
        try (InputStream in = FixturePickles.class.getResourceAsStream("/data/tape/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource data/tape/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

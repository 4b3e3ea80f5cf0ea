package dev.plmlab.forge.catalogue;

import java.io.IOException;
import java.net.URI;

/** A download that failed; the message names the URL and what went wrong. */
public class DownloadException extends IOException {

    private final URI uri;

    public DownloadException(URI uri, String message) {
        super(uri + ": " + message);
        this.uri = uri;
    }

    public DownloadException(URI uri, String message, Throwable cause) {
        super(uri + ": " + message, cause);
        this.uri = uri;
    }

    public URI uri() {
        return uri;
    }
}

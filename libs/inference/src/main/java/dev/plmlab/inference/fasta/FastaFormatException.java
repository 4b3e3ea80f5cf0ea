package dev.plmlab.inference.fasta;

import java.io.IOException;

/** A file that is not valid FASTA; the message names the file and line. */
public final class FastaFormatException extends IOException {

    public FastaFormatException(String message) {
        super(message);
    }
}

package dev.plmlab.science.data.tape;

/** Which of TAPE's two archive kinds to read. */
public enum TapeFormat {
    /** {@code data_pytorch/<task>.tar.gz}: LMDB environments of pickled records, with published md5s. */
    LMDB,
    /** {@code data_raw_pytorch/<task>.tar.gz}: JSON lists of records; no published checksum. */
    JSON
}

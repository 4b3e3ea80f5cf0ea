package dev.plmlab.forge.checkpoint;

/** The PLM architectures plmlab can forge. */
public enum Family {
    ESM1, ESM1B, ESM2, CARP
}

"""Writes the tiny TAPE-format pickles the Java tests read (generated numeric fixtures, not data).

TAPE's LMDB values are dicts pickled by Python 3 with protocol 3 from numpy 1.x, so numpy arrays
appear as numpy.core.multiarray._reconstruct + BUILD. numpy 2 writes 'numpy._core.multiarray';
the module name is rewritten to the numpy 1 spelling so that the bytes match real TAPE records
(GLOBAL names are newline-terminated text in protocol 3, so the rewrite is byte-safe).

Run from this folder: python3 make_fixture_pickles.py
"""
import os
import pickle

import numpy as np


def dump(name, value):
    data = pickle.dumps(value, protocol=3).replace(b"numpy._core.multiarray", b"numpy.core.multiarray")
    with open(name, "wb") as f:
        f.write(data)


# secondary structure: ss3 0 H, 1 E, 2 C; ss8 0 G 1 H 2 I 3 B 4 E 5 S 6 T 7 C (TAPE's order)
dump("secondary_structure_0.pkl", {
    "primary": "MKTAYIV",
    "protein_length": 7,
    "id": b"1abc-A",
    "ss3": np.array([2, 0, 0, 0, 1, 1, 2], dtype=np.int64),
    "ss8": np.array([7, 1, 1, 0, 4, 3, 6], dtype=np.int64),
    "valid_mask": np.array([False, True, True, True, True, True, False]),
    "evolutionary": np.zeros((7, 30), dtype=np.float32),
})
# a second record with other dtypes TAPE files may carry: big-endian labels, a float mask, a numpy scalar length
dump("secondary_structure_1.pkl", {
    "primary": "GSHMLE",
    "protein_length": np.int64(6),
    "id": b"2xyz-B",
    "ss3": np.array([0, 0, 1, 1, 2, 2], dtype=">i4"),
    "ss8": np.array([2, 1, 5, 4, 7, 6], dtype=np.uint8),
    "valid_mask": np.array([1, 1, 1, 0, 1, 1], dtype=np.float32),
})
dump("fluorescence_0.pkl", {
    "primary": "SKGEELFTG",
    "protein_length": 9,
    "log_fluorescence": np.array([3.8237], dtype=np.float32),
    "num_mutations": 3,
})
dump("fluorescence_1.pkl", {
    "primary": "SKGEELFTA",
    "protein_length": 9,
    "log_fluorescence": np.array([1.301], dtype=np.float32),
    "num_mutations": 4,
})
dump("stability_0.pkl", {
    "primary": "TTIKVNGQEYTVPLSPEQAAKAAKKRWPDYEVQIHGNTVKVTR",
    "protein_length": 43,
    "stability_score": np.array([0.37], dtype=np.float32),
    "topology": b"HEEH",
    "parent": b"HEEH_rd3_0223.pdb",
    "id": b"HEEH_rd3_0223.pdb_ala1",
})
dump("num_examples_2.pkl", 2)
dump("num_examples_1.pkl", 1)


class RunsAShellCommand:
    """What a malicious record looks like: unpickling it would call os.system."""

    def __reduce__(self):
        return (os.system, ("echo pwned",))


dump("malicious_os_system.pkl", {"primary": "MKT", "ss3": RunsAShellCommand()})

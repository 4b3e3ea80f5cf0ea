#!/usr/bin/python3
"""Writes the hostile and damaged checkpoints of the bad-input corpus (run with Debian's
/usr/bin/python3, which has torch 1.13; the outputs are committed, so the test needs no Python).

    cd cli/src/test/resources/bad-input/checkpoints && /usr/bin/python3 make.py

Every file is small (a 1-layer ESM-2 of width 8) and deterministic (zeros, fixed zip times).
Nothing here is ever unpickled by Python: the hostile pickles are written as bytes.
"""
import argparse
import io
import struct
import zipfile

import torch

LAYERS, DIM, HEADS, VOCAB = 1, 8, 2, 33


def esm2_state(dim=DIM):
    """fair-esm ESM-2 parameter names and shapes for one layer of width dim (zeros)."""
    z = lambda *shape: torch.zeros(*shape)
    s = {"encoder.sentence_encoder.embed_tokens.weight": z(VOCAB, dim)}
    for i in range(LAYERS):
        p = f"encoder.sentence_encoder.layers.{i}."
        for proj in ("k_proj", "v_proj", "q_proj", "out_proj"):
            s[p + f"self_attn.{proj}.weight"] = z(dim, dim)
            s[p + f"self_attn.{proj}.bias"] = z(dim)
        s[p + "self_attn.rot_emb.inv_freq"] = z(dim // HEADS // 2)
        for ln in ("self_attn_layer_norm", "final_layer_norm"):
            s[p + ln + ".weight"] = z(dim)
            s[p + ln + ".bias"] = z(dim)
        s[p + "fc1.weight"] = z(4 * dim, dim)
        s[p + "fc1.bias"] = z(4 * dim)
        s[p + "fc2.weight"] = z(dim, 4 * dim)
        s[p + "fc2.bias"] = z(dim)
    s["encoder.sentence_encoder.emb_layer_norm_after.weight"] = z(dim)
    s["encoder.sentence_encoder.emb_layer_norm_after.bias"] = z(dim)
    s["encoder.lm_head.weight"] = z(VOCAB, dim)
    s["encoder.lm_head.bias"] = z(VOCAB)
    s["encoder.lm_head.dense.weight"] = z(dim, dim)
    s["encoder.lm_head.dense.bias"] = z(dim)
    s["encoder.lm_head.layer_norm.weight"] = z(dim)
    s["encoder.lm_head.layer_norm.bias"] = z(dim)
    s["encoder.contact_head.regression.weight"] = z(1, LAYERS * HEADS)
    s["encoder.contact_head.regression.bias"] = z(1)
    return s


def esm2(state, embed_dim=DIM):
    cfg = {"model": argparse.Namespace(encoder_layers=LAYERS, encoder_embed_dim=embed_dim,
                                       encoder_attention_heads=HEADS, token_dropout=True)}
    return {"model": state, "cfg": cfg}


def saved(obj):
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


def zip_with_pickle(stem, pickle_bytes):
    """A torch zip layout (<stem>/data.pkl) whose object pickle is the given bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in ((f"{stem}/data.pkl", pickle_bytes), (f"{stem}/version", b"3\n")):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buffer.getvalue()


def unicode(text):
    data = text.encode()
    return b"X" + struct.pack("<I", len(data)) + data


def write(name, data):
    assert len(data) < 50_000, (name, len(data))
    with open(name, "wb") as f:
        f.write(data)


valid = saved(esm2(esm2_state()))
write("esm2_t1_8_valid.pt", valid)  # the control: reads fine
write("esm2_t1_8_truncated.pt", valid[: len(valid) // 2])
write("esm2_t1_8_empty.pt", b"")
write("esm2_t1_8_text.pt", b"this is not a checkpoint, it is text\n")
write("esm2_t1_8_wrong_embed_dim.pt", saved(esm2(esm2_state(), embed_dim=16)))
missing = esm2_state()
del missing["encoder.sentence_encoder.layers.0.fc1.weight"]
write("esm2_t1_8_missing_tensor.pt", saved(esm2(missing)))
wrong_shape = esm2_state()
wrong_shape["encoder.sentence_encoder.embed_tokens.weight"] = torch.zeros(20, DIM)
write("esm2_t1_8_wrong_vocab.pt", saved(esm2(wrong_shape)))
no_cfg = saved({"model": esm2_state()})
write("esm2_t1_8_unknown_layout.pt", no_cfg)
write("esm2_t1_8_not_a_dict.pt", saved([1, 2, 3]))
# a zip that is not a torch.save archive
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w") as z:
    z.writestr(zipfile.ZipInfo("readme.txt", date_time=(2020, 1, 1, 0, 0, 0)), b"hello")
write("esm2_t1_8_zip_without_pickle.pt", buffer.getvalue())
# hostile pickles: protocol 2 GLOBAL os.system, protocol 4 STACK_GLOBAL builtins.eval
write("esm2_t1_8_os_system.pt", zip_with_pickle("archive",
      b"\x80\x02cos\nsystem\n" + unicode("touch /tmp/plmlab-corpus-pwned") + b"\x85R."))
write("esm2_t1_8_builtins_eval.pt", zip_with_pickle("archive",
      b"\x80\x04\x8c\x08builtins\x8c\x04eval\x93" + b"\x8c\x03" + b"1+1" + b"\x85R."))
# a bare pickle stream (legacy format start) calling os.system
write("esm2_t1_8_legacy_os_system.pt", b"\x80\x02cos\nsystem\n" + unicode("touch /tmp/plmlab-corpus-pwned") + b"\x85R.")
# 100 000 nested lists: EMPTY_LIST pushed n times, then APPEND n-1 times, inside {"model": ...}
n = 100_000
deep = b"\x80\x02}" + unicode("model") + b"]" * n + b"a" * (n - 1) + b"s."
write("esm2_t1_8_deep_nesting.pt", zip_with_pickle("archive", deep))
# 100 000 nested dicts as the top-level object
deep_dict = b"\x80\x02" + (b"}" + unicode("k")) * n + b"}" + b"s" * n + b"."
write("esm2_t1_8_deep_dicts.pt", zip_with_pickle("archive", deep_dict))
# a deeply nested list as a dict key: hashing it recursed until StackOverflowError
deep_key = b"\x80\x02}" + b"]" * n + b"a" * (n - 1) + b"K\x01s."
write("esm2_t1_8_deep_key.pt", zip_with_pickle("archive", deep_key))
# a deeply nested list as the ESM-2 config, which the layout error describes
deep_cfg = (b"\x80\x02}" + unicode("model") + b"}" + unicode("cfg") + b"}" + unicode("model")
            + b"]" * n + b"a" * (n - 1) + b"ss.")
write("esm2_t1_8_deep_config.pt", zip_with_pickle("archive", deep_cfg))
# a list that holds itself (MEMOIZE, then APPEND of the memo): a cycle, not a tree
write("esm2_t1_8_self_cycle.pt", zip_with_pickle("archive", b"\x80\x04}" + unicode("model") + b"]\x94h\x00a" + b"s."))

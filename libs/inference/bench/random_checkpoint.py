#!/usr/bin/env python3
"""Writes a randomly initialised checkpoint with a released model's architecture, in the official layout.

    python3 random_checkpoint.py esm2_t33_650M $SCRATCH/embed-acc/esm2_t33_650M_random.pt [--seed 0]
    python3 random_checkpoint.py carp_640M     $SCRATCH/embed-acc/carp_640M_random.pt

Weights are the reference modules' own initialisation (PyTorch defaults, ESM-2's embedding N(0, 1)) from a
seeded generator, so activations keep a realistic scale through every layer. NOT pretrained: the numbers
mean nothing biologically; the file exists to check loading, memory and numerics at full size.

Needs the reference code on PYTHONPATH: fair-esm (facebookresearch/esm) for ESM-2, protein-sequence-models
(microsoft/protein-sequence-models) for CARP. Never commit the output (2.6 GB).
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_models  # noqa: E402  (stubs CARP's unused imports)

ARCHITECTURES = {
    # fair-esm pretrained.esm2_t33_650M_UR50D: 33 layers, 1280 wide, 20 heads, token dropout
    "esm2_t33_650M": dict(family="esm2", layers=33, embed_dim=1280, heads=20),
    "esm2_t6_8M": dict(family="esm2", layers=6, embed_dim=320, heads=20),
    # CARP-640M (Yang et al. 2022; zenodo 6564798 carp_640M.pt): 56 ByteNet blocks, d_model 1280, d_embed 8,
    # kernel 5, dilations up to r = 128, not slim (d_h = d_model), GELU
    "carp_640M": dict(family="carp", d_embed=8, d_model=1280, n_layers=56, kernel_size=5, r=128, slim=False,
                      activation="gelu"),
    "carp_38M": dict(family="carp", d_embed=8, d_model=1024, n_layers=16, kernel_size=5, r=128, slim=True,
                     activation="gelu"),
}


def esm2(arch, out):
    import esm
    alphabet = esm.data.Alphabet.from_architecture("ESM-1b")
    model = esm.model.esm2.ESM2(num_layers=arch["layers"], embed_dim=arch["embed_dim"],
                                attention_heads=arch["heads"], alphabet=alphabet, token_dropout=True)
    state = {}
    for key, value in model.state_dict().items():
        if key.startswith("contact_head."):
            continue  # the regression lives in its own file; the core loader accepts it missing
        prefix = "encoder." if key.startswith("lm_head.") else "encoder.sentence_encoder."
        state[prefix + key] = value
    cfg = argparse.Namespace(encoder_layers=arch["layers"], encoder_embed_dim=arch["embed_dim"],
                              encoder_attention_heads=arch["heads"], token_dropout=True)
    torch.save({"model": state, "cfg": {"model": cfg}}, out)


def carp(arch, out, name):
    from sequence_models.constants import PROTEIN_ALPHABET, MASK
    from sequence_models.convolutional import ByteNetLM
    model = ByteNetLM(len(PROTEIN_ALPHABET), arch["d_embed"], arch["d_model"], arch["n_layers"], arch["kernel_size"],
                      arch["r"], dropout=0.0, activation=arch["activation"], causal=False,
                      padding_idx=PROTEIN_ALPHABET.index(MASK), final_ln=True, slim=arch["slim"])
    data = {"model": name, "model_state_dict": model.state_dict()}
    data.update({k: arch[k] for k in ("d_embed", "d_model", "n_layers", "kernel_size", "activation", "slim", "r")})
    torch.save(data, out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("architecture", choices=sorted(ARCHITECTURES))
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    arch = ARCHITECTURES[args.architecture]
    with torch.no_grad():
        if arch["family"] == "esm2":
            esm2(arch, args.out)
        else:
            carp(arch, args.out, args.architecture)
    print("wrote", args.out)


if __name__ == "__main__":
    main()

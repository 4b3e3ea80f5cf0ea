"""Loads checkpoints with the reference code (fair-esm, protein-sequence-models) and runs its forward pass.

protein-sequence-models' pretrained module imports pandas, scipy and others for code CARP never runs;
where they are not installed they are replaced by empty stand-ins, so only the reference's own CARP code runs.
"""
import importlib.abc
import importlib.machinery
import importlib.util
import pathlib
import sys
import types

import torch

_OPTIONAL = ("pandas", "scipy", "sklearn", "Bio", "torch_geometric", "torch_scatter", "tqdm")


class _Stub(types.ModuleType):
    def __getattr__(self, key):
        if key.startswith("__"):
            raise AttributeError(key)
        return _Stub(self.__name__ + "." + key)

    def __call__(self, *args, **kwargs):
        return None


class _StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        root = name.split(".")[0]
        if root in _OPTIONAL and not _installed(root):
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        module = _Stub(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        pass


_INSTALLED = {}


def _installed(root):
    """Whether the real package exists, decided once per package (before any stand-in is made)."""
    if root not in _INSTALLED:
        sys.meta_path.remove(_FINDER)
        try:
            _INSTALLED[root] = importlib.util.find_spec(root) is not None
        finally:
            sys.meta_path.insert(0, _FINDER)
    return _INSTALLED[root]


_FINDER = _StubFinder()
sys.meta_path.insert(0, _FINDER)


def _linear_to_onednn(module):
    import torch.utils.mkldnn as mkldnn
    for name, child in module.named_children():
        if type(child) is torch.nn.Linear:
            setattr(module, name, mkldnn.MkldnnLinear(child, torch.float))
        else:
            _linear_to_onednn(child)


def family_of(checkpoint):
    data = torch.load(checkpoint, map_location="cpu")
    if "model_state_dict" in data:
        return "carp", data
    if "cfg" in data:
        return "esm2", data
    return ("esm1b" if data["args"].arch == "roberta_large" else "esm1"), data


class Reference:
    """One loaded model: residues() gives every layer's per-residue states of one sequence, run alone."""

    def __init__(self, checkpoint, onednn_linear=False):
        self.family, data = family_of(checkpoint)
        if self.family == "carp":
            from sequence_models.pretrained import load_carp
            from sequence_models.collaters import SimpleCollater
            from sequence_models.constants import PROTEIN_ALPHABET
            self.model = load_carp(data)
            self.collater = SimpleCollater(PROTEIN_ALPHABET, pad=True)
            self.layers = len(self.model.model.embedder.layers)
        else:
            import esm
            name = pathlib.Path(checkpoint).stem  # fair-esm picks the ESM-2 loader by the 'esm2' name prefix
            self.model, alphabet = esm.pretrained.load_model_and_alphabet_core(name, data, None)
            self.converter = alphabet.get_batch_converter()
            self.layers = self.model.num_layers
        del data
        self.model.eval()
        if onednn_linear:
            # Debian's torch multiplies through the reference (netlib) BLAS, ~1 GFLOPS: a 650M model takes an
            # hour for 16 sequences. oneDNN's Linear is the same float32 product, computed by oneDNN.
            import torch.utils.mkldnn
            _linear_to_onednn(self.model)

    @torch.no_grad()
    def residues(self, sequences):
        """For sequences of ONE length (so the batch has no padding and each row is exactly its run alone):
        per sequence, {k: [len, D] float32 tensor} for k = 0..L, residue positions only."""
        n = len(sequences[0])
        assert all(len(s) == n for s in sequences), "one length per batch: no padding"
        layers = list(range(self.layers + 1))
        if self.family == "carp":
            x = self.collater([[s] for s in sequences])[0]
            result = self.model(x, repr_layers=layers)
            reps = dict(result["representations"])
            reps[0] = result[0]  # the reference stores layer 0 outside 'representations'
            return [{k: reps[k][b, :n] for k in layers} for b in range(len(sequences))]
        _, _, tokens = self.converter([("s%d" % b, s) for b, s in enumerate(sequences)])
        reps = self.model(tokens, repr_layers=layers)["representations"]
        return [{k: reps[k][b, 1:n + 1] for k in layers} for b in range(len(sequences))]  # <cls> first

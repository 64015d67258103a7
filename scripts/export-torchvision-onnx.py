#!/usr/bin/python3
"""Export torchvision's resnet18, googlenet and mobilenet_v2 (random weights, no download) to graph-only ONNX.

Inspection needs the graph and the initializer dims, not the weight values: the initializers are written as
EXTERNAL data and the data file is then deleted, so each committed .onnx file is a few tens of kB.

BatchNorm stays a separate node: the export uses TrainingMode.PRESERVE on a model in eval mode, which skips the
exporter's eval-mode peephole pass (that pass folds BN into the preceding Conv and changes the parameter count),
and do_constant_folding=False.

Run with Debian's PyTorch:  /usr/bin/python3 scripts/export-torchvision-onnx.py [OUT_DIR]
(apt-get install python3-torch python3-torchvision python3-onnx)
"""
import os
import sys

import onnx
import torch
import torchvision
from onnx.external_data_helper import convert_model_to_external_data

OUT_DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "models", "torchvision")

MODELS = {
    "resnet18": lambda: torchvision.models.resnet18(weights=None),
    "googlenet": lambda: torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=False),
    "mobilenet_v2": lambda: torchvision.models.mobilenet_v2(weights=None),
}


def export(name: str) -> None:
    torch.manual_seed(0)
    model = MODELS[name]().eval()
    # Fresh BatchNorms all hold weight=1, bias=0, mean=0, var=1, and the eval-mode exporter merges initializers with
    # equal values, which would hide parameters. Random values (the model is random anyway) keep every tensor distinct.
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.1, 0.1)
                module.running_mean.uniform_(-0.1, 0.1)
                module.running_var.uniform_(0.5, 1.5)
    params = sum(p.numel() for p in model.parameters())
    path = os.path.join(OUT_DIR, f"{name}.onnx")
    torch.onnx.export(
        model,
        torch.zeros(1, 3, 224, 224),
        path,
        input_names=["input"],
        output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=13,
        do_constant_folding=False,
        training=torch.onnx.TrainingMode.PRESERVE,
    )
    proto = onnx.load(path)
    data_file = f"{name}.onnx.data"
    convert_model_to_external_data(proto, all_tensors_to_one_file=True, location=data_file, size_threshold=0)
    onnx.save_model(proto, path)
    os.remove(os.path.join(OUT_DIR, data_file))
    initializer_elements = sum(int(torch.tensor(t.dims).prod()) if t.dims else 1 for t in proto.graph.initializer if t.data_type == 1)
    ops = sorted({n.op_type for n in proto.graph.node})
    print(f"{name}: torchvision parameters {params}, float initializer elements {initializer_elements}, {len(proto.graph.node)} nodes, ops {ops}, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    os.makedirs(OUT_DIR, exist_ok=True)
    print(f"torch {torch.__version__}, torchvision {torchvision.__version__}, onnx {onnx.__version__}")
    for model_name in MODELS:
        export(model_name)

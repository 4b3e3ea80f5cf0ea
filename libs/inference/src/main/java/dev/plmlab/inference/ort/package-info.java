/** The in-process ONNX Runtime backend, used in local mode and wherever no Triton is deployed. */
package dev.plmlab.inference.ort;

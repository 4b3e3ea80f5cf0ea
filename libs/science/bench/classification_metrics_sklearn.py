#!/usr/bin/env python3
"""Expected values for ClassProbabilitiesTest, from scikit-learn (Debian python3-sklearn 1.2.1).

The data is a formula both sides evaluate (float32 probabilities, ties included, class 3
predicted sometimes but absent from the truth), so nothing but this script and the test is needed:

    /usr/bin/python3 libs/science/bench/classification_metrics_sklearn.py
"""
import numpy as np
from sklearn.metrics import accuracy_score, f1_score, log_loss, roc_auc_score

N, K = 40, 4


def data():
    truth = np.array([(i * 5 + i // 3) % 3 for i in range(N)])
    raw = np.array([[((i * 7 + c * 3) % 11 + 1) + (4 if c == truth[i] and i % 4 else 0) for c in range(K)]
                    for i in range(N)], dtype=np.float32)
    probabilities = raw / raw.sum(axis=1, keepdims=True)  # float32, as the Java side computes it
    return truth, probabilities


def main():
    truth, p = data()
    p64 = p.astype(np.float64)
    predicted = p64.argmax(axis=1)
    present = sorted(set(truth))
    auc = np.mean([roc_auc_score(truth == c, p64[:, c]) for c in present])
    print("accuracy", repr(accuracy_score(truth, predicted)))
    print("macro_f1", repr(f1_score(truth, predicted, average="macro")))
    print("roc_auc_ovr_present", repr(auc))
    print("log_loss", repr(log_loss(truth, p64, labels=list(range(K)))))
    print("predicted_classes", sorted(set(predicted)))


if __name__ == "__main__":
    main()

package dev.plmlab.science.probe;

/**
 * Solves {@code (A + αI) x = b} for a symmetric positive semi-definite A and any number of
 * shifts α > 0, from one decomposition of A.
 *
 * <p>A is reduced once to tridiagonal form {@code A = Q T Qᵀ} (Householder, Q orthogonal; see
 * {@link HouseholderTridiagonal}). Since {@code A + αI = Q (T + αI) Qᵀ}, every shift then costs
 * two products with Q (O(size²)) and a tridiagonal LDLᵀ solve (O(size)). This gives the same
 * solutions as an eigendecomposition {@code A = V Λ Vᵀ} with {@code x = V (Λ + αI)^{-1} Vᵀ b},
 * but skips the QR iterations that compute eigenvectors, which cost several times the
 * reduction itself. {@code T + αI} is positive definite (its eigenvalues are A's plus α), so
 * LDLᵀ without pivoting is stable.
 */
final class ShiftedSymmetricSolver {
    private final int size;
    private final HouseholderTridiagonal tridiagonal;

    /** Decomposes {@code a} (size × size row-major, symmetric; only its upper triangle is read); overwritten. */
    ShiftedSymmetricSolver(double[] a, int size) {
        for (double value : a) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("the Gram matrix holds a non-finite value: " + value);
            }
        }
        this.size = size;
        this.tridiagonal = new HouseholderTridiagonal(a, size);
    }

    /** {@code Qᵀ b}: compute once per right-hand side, then call {@link #solveRotated} per shift. */
    double[] rotate(double[] b) {
        return tridiagonal.transposedQTimes(b);
    }

    /** {@code (A + αI)^{-1} b} given {@code rotated = Qᵀ b}. */
    double[] solveRotated(double[] rotated, double alpha) {
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("ridge alpha must be positive, got " + alpha);
        }
        double[] diagonal = tridiagonal.diagonal();
        double[] offDiagonal = tridiagonal.offDiagonal();
        // LDLᵀ of the symmetric tridiagonal T + αI: d = pivots, l = sub-diagonal of L
        double[] d = new double[size];
        double[] l = new double[size];
        double[] w = new double[size];
        d[0] = diagonal[0] + alpha;
        w[0] = rotated[0];
        for (int i = 1; i < size; i++) {
            l[i] = offDiagonal[i - 1] / d[i - 1];
            d[i] = diagonal[i] + alpha - l[i] * offDiagonal[i - 1];
            w[i] = rotated[i] - l[i] * w[i - 1];
        }
        w[size - 1] /= d[size - 1];
        for (int i = size - 2; i >= 0; i--) {
            w[i] = w[i] / d[i] - l[i + 1] * w[i + 1];
        }
        return tridiagonal.qTimes(w);
    }
}

/**
 * @file test_matmul.c
 * @brief Unit tests of caps_gemm_f32 and caps_matmul_f32.
 *
 * caps_gemm_f32: every trans_a / trans_b combination, several alpha / beta, C of shape [m, n], [1, n],
 * [m, 1], scalar, or absent, against a reference that first materializes op(A), op(B) and the broadcast C
 * in double; plus a float re-evaluation in the documented order (bit exact) and validation.
 * caps_matmul_f32: numpy batch broadcasting (equal batches, broadcast A or B, both broadcast in different
 * dims, no batch, rank-4 batches), against a reference that maps each output batch index through each
 * operand's own batch shape; plus bit-exact order check and validation.
 */
#include "test_util.h"

/* ---------------------------------------------------------------- gemm */

typedef struct {
    int32_t m, n, k, trans_a, trans_b;
    float alpha, beta;
    int32_t c_rows, c_cols; /* C shape; 0, 0 = no C */
} gemm_case_t;

static void gemm_reference(const gemm_case_t *g, const float *a, const float *b, const float *c, double *y) {
    double *opa = tu_alloc_d(g->m * g->k); /* op(A) as [m, k] */
    double *opb = tu_alloc_d(g->k * g->n); /* op(B) as [k, n] */
    for (int32_t r = 0; r < g->m; ++r)
        for (int32_t q = 0; q < g->k; ++q)
            opa[r * g->k + q] = (double)(g->trans_a ? a[q * g->m + r] : a[r * g->k + q]);
    for (int32_t q = 0; q < g->k; ++q)
        for (int32_t s = 0; s < g->n; ++s)
            opb[q * g->n + s] = (double)(g->trans_b ? b[s * g->k + q] : b[q * g->n + s]);
    for (int32_t r = 0; r < g->m; ++r) {
        for (int32_t s = 0; s < g->n; ++s) {
            double dot = 0.0;
            for (int32_t q = 0; q < g->k; ++q)
                dot += opa[r * g->k + q] * opb[q * g->n + s];
            double v = (double)g->alpha * dot;
            if (c != NULL) {
                const int32_t cr = g->c_rows == 1 ? 0 : r;
                const int32_t cs = g->c_cols == 1 ? 0 : s;
                v += (double)g->beta * (double)c[cr * g->c_cols + cs];
            }
            y[r * g->n + s] = v;
        }
    }
    free(opa);
    free(opb);
}

static caps_gemm_params_t gemm_params(const gemm_case_t *g) {
    caps_gemm_params_t p;
    memset(&p, 0, sizeof p);
    p.m = g->m;
    p.n = g->n;
    p.k = g->k;
    p.trans_a = g->trans_a;
    p.trans_b = g->trans_b;
    p.alpha = g->alpha;
    p.beta = g->beta;
    /* Broadcast strides of C: 0 along a dim of size 1. */
    p.c_stride_m = g->c_rows == 1 ? 0 : g->c_cols;
    p.c_stride_n = g->c_cols == 1 ? 0 : 1;
    return p;
}

static void run_gemm(const char *name, const gemm_case_t *g) {
    const caps_gemm_params_t p = gemm_params(g);
    const int32_t nc = g->c_rows * g->c_cols;
    float *a = tu_alloc(g->m * g->k), *b = tu_alloc(g->k * g->n), *c = tu_alloc(nc);
    float *y = tu_alloc(g->m * g->n), *yo = tu_alloc(g->m * g->n);
    double *ref = tu_alloc_d(g->m * g->n);
    tu_fill(a, g->m * g->k, -1.0f, 1.0f);
    tu_fill(b, g->k * g->n, -1.0f, 1.0f);
    tu_fill(c, nc, -1.0f, 1.0f);
    const float *cp = nc > 0 ? c : NULL;
    CHECK(caps_gemm_f32(&p, a, b, cp, y) == CAPS_OK);
    gemm_reference(g, a, b, cp, ref);
    CHECK_CLOSE(name, y, ref, g->m * g->n, 1e-5, 2e-6 * (g->k + 1));
    /* Documented order: acc over k from +0, then alpha * acc, then + beta * C. */
    for (int32_t r = 0; r < g->m; ++r) {
        for (int32_t s = 0; s < g->n; ++s) {
            float acc = 0.0f;
            for (int32_t q = 0; q < g->k; ++q) {
                const float av = g->trans_a ? a[q * g->m + r] : a[r * g->k + q];
                const float bv = g->trans_b ? b[s * g->k + q] : b[q * g->n + s];
                acc = acc + av * bv;
            }
            float v = g->alpha * acc;
            if (cp != NULL)
                v = v + g->beta * cp[(g->c_rows == 1 ? 0 : r) * g->c_cols + (g->c_cols == 1 ? 0 : s)];
            yo[r * g->n + s] = v;
        }
    }
    CHECK_BITS(y, yo, g->m * g->n);
    free(a);
    free(b);
    free(c);
    free(y);
    free(yo);
    free(ref);
}

static void test_gemm(void) {
    /* m, n, k, ta, tb, alpha, beta, C rows, C cols */
    static const gemm_case_t cases[] = {
        {3, 4, 5, 0, 0, 1.0f, 1.0f, 3, 4},    {3, 4, 5, 1, 0, 1.0f, 1.0f, 3, 4},
        {3, 4, 5, 0, 1, 1.0f, 1.0f, 3, 4},    {3, 4, 5, 1, 1, 1.0f, 1.0f, 3, 4},
        {7, 2, 9, 0, 1, 0.5f, 2.0f, 1, 2},    {4, 6, 3, 1, 0, -1.5f, 0.25f, 4, 1},
        {5, 5, 5, 0, 0, 2.0f, -1.0f, 1, 1},   {6, 3, 8, 1, 1, 0.75f, 0.0f, 0, 0},
        {1, 1, 1, 0, 0, 1.0f, 1.0f, 1, 1},    {1, 10, 64, 0, 1, 1.0f, 1.0f, 1, 10},
        {16, 1, 33, 1, 0, 1.0f, 3.0f, 16, 1}, {8, 12, 40, 0, 0, 1.0f, 0.0f, 8, 12},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        char name[32];
        snprintf(name, sizeof name, "gemm case %u", (unsigned)i);
        run_gemm(name, &cases[i]);
    }
    for (int t = 0; t < 20; ++t) {
        gemm_case_t g;
        g.m = tu_rand_int(1, 9);
        g.n = tu_rand_int(1, 9);
        g.k = tu_rand_int(1, 17);
        g.trans_a = tu_rand_int(0, 1);
        g.trans_b = tu_rand_int(0, 1);
        g.alpha = tu_rand_float(-2.0f, 2.0f);
        g.beta = tu_rand_float(-2.0f, 2.0f);
        const int32_t shape = tu_rand_int(0, 4);
        g.c_rows = shape == 0 ? 0 : (shape == 1 || shape == 3) ? g.m : 1;
        g.c_cols = shape == 0 ? 0 : (shape == 1 || shape == 2) ? g.n : 1;
        char name[32];
        snprintf(name, sizeof name, "random gemm %d", t);
        run_gemm(name, &g);
    }
}

static void gemm_expect_arg(const caps_gemm_params_t *p, const float *a, const float *b, const float *c, float *y) {
    tu_fill_sentinel(y, 12);
    CHECK(caps_gemm_f32(p, a, b, c, y) == CAPS_ERR_ARG);
    CHECK(tu_is_sentinel(y, 12));
}

static void test_gemm_validation(void) {
    const gemm_case_t g = {3, 4, 2, 0, 0, 1.0f, 1.0f, 3, 4};
    const caps_gemm_params_t good = gemm_params(&g);
    float a[6] = {0}, b[8] = {0}, c[12] = {0}, y[12];
    CHECK(caps_gemm_f32(&good, a, b, c, y) == CAPS_OK);
    CHECK(caps_gemm_f32(&good, a, b, NULL, y) == CAPS_OK); /* C is optional */
    gemm_expect_arg(NULL, a, b, c, y);
    gemm_expect_arg(&good, NULL, b, c, y);
    gemm_expect_arg(&good, a, NULL, c, y);
    CHECK(caps_gemm_f32(&good, a, b, c, NULL) == CAPS_ERR_ARG);
    caps_gemm_params_t p;
#define BAD(field, value)                                                                                              \
    do {                                                                                                               \
        p = good;                                                                                                      \
        p.field = (value);                                                                                             \
        gemm_expect_arg(&p, a, b, c, y);                                                                               \
    } while (0)
    BAD(m, 0);
    BAD(n, -1);
    BAD(k, 0);
    BAD(trans_a, 2);
    BAD(trans_b, -1);
    BAD(c_stride_m, 5);  /* C rows would not be dense [3, 4] */
    BAD(c_stride_n, 2);  /* not a dense broadcast */
    BAD(c_stride_m, -4); /* negative */
    BAD(k, 0x40000000);  /* m * k overflows int32 */
#undef BAD
    p = good;
    p.c_stride_m = 5; /* strides are not checked without C */
    CHECK(caps_gemm_f32(&p, a, b, NULL, y) == CAPS_OK);
}

/* ---------------------------------------------------------------- matmul */

typedef struct {
    int32_t rank;                   /* batch rank */
    int32_t a_batch[CAPS_MAX_DIMS]; /* A's batch dims, right-aligned to rank, 1 where broadcast */
    int32_t b_batch[CAPS_MAX_DIMS];
    int32_t m, n, k;
} matmul_case_t;

static caps_matmul_params_t matmul_params(const matmul_case_t *c) {
    caps_matmul_params_t p;
    memset(&p, 0, sizeof p);
    p.batch_rank = c->rank;
    p.m = c->m;
    p.n = c->n;
    p.k = c->k;
    int32_t sa = c->m * c->k, sb = c->k * c->n;
    for (int32_t d = c->rank - 1; d >= 0; --d) {
        p.out_batch[d] = c->a_batch[d] > c->b_batch[d] ? c->a_batch[d] : c->b_batch[d];
        p.a_batch_stride[d] = c->a_batch[d] == 1 ? 0 : sa;
        p.b_batch_stride[d] = c->b_batch[d] == 1 ? 0 : sb;
        sa *= c->a_batch[d];
        sb *= c->b_batch[d];
    }
    return p;
}

static void
matmul_reference(const matmul_case_t *c, const caps_matmul_params_t *p, const float *a, const float *b, double *y) {
    const int32_t batches = tu_count(c->rank, p->out_batch);
    for (int32_t t = 0; t < batches; ++t) {
        int32_t bi[CAPS_MAX_DIMS], ai_[CAPS_MAX_DIMS], bi_[CAPS_MAX_DIMS];
        tu_unravel(t, c->rank, p->out_batch, bi);
        for (int32_t d = 0; d < c->rank; ++d) {
            ai_[d] = c->a_batch[d] == 1 ? 0 : bi[d];
            bi_[d] = c->b_batch[d] == 1 ? 0 : bi[d];
        }
        const float *am = a + tu_ravel(c->rank, c->a_batch, ai_) * c->m * c->k;
        const float *bm = b + tu_ravel(c->rank, c->b_batch, bi_) * c->k * c->n;
        for (int32_t e = 0; e < c->m * c->n; ++e) {
            const int32_t r = e / c->n, s = e % c->n;
            double dot = 0.0;
            for (int32_t q = c->k - 1; q >= 0; --q) /* reverse order on purpose */
                dot += (double)am[r * c->k + q] * (double)bm[q * c->n + s];
            y[t * c->m * c->n + e] = dot;
        }
    }
}

static void run_matmul(const char *name, const matmul_case_t *c) {
    const caps_matmul_params_t p = matmul_params(c);
    const int32_t na = tu_count(c->rank, c->a_batch) * c->m * c->k;
    const int32_t nb = tu_count(c->rank, c->b_batch) * c->k * c->n;
    const int32_t ny = tu_count(c->rank, p.out_batch) * c->m * c->n;
    float *a = tu_alloc(na), *b = tu_alloc(nb), *y = tu_alloc(ny), *yo = tu_alloc(ny);
    double *ref = tu_alloc_d(ny);
    tu_fill(a, na, -1.0f, 1.0f);
    tu_fill(b, nb, -1.0f, 1.0f);
    CHECK(caps_matmul_f32(&p, a, b, y) == CAPS_OK);
    matmul_reference(c, &p, a, b, ref);
    CHECK_CLOSE(name, y, ref, ny, 1e-5, 2e-6 * c->k);
    /* Documented order: acc = +0, then acc + A[i, p] * B[p, j], p increasing. */
    const int32_t batches = tu_count(c->rank, p.out_batch);
    for (int32_t t = 0; t < batches; ++t) {
        int32_t bi[CAPS_MAX_DIMS];
        tu_unravel(t, c->rank, p.out_batch, bi);
        int32_t oa = 0, ob = 0;
        for (int32_t d = 0; d < c->rank; ++d) {
            oa += bi[d] * p.a_batch_stride[d];
            ob += bi[d] * p.b_batch_stride[d];
        }
        for (int32_t r = 0; r < c->m; ++r) {
            for (int32_t s = 0; s < c->n; ++s) {
                float acc = 0.0f;
                for (int32_t q = 0; q < c->k; ++q)
                    acc = acc + a[oa + r * c->k + q] * b[ob + q * c->n + s];
                yo[(t * c->m + r) * c->n + s] = acc;
            }
        }
    }
    CHECK_BITS(y, yo, ny);
    free(a);
    free(b);
    free(y);
    free(yo);
    free(ref);
}

static void test_matmul(void) {
    static const matmul_case_t cases[] = {
        {0, {0}, {0}, 3, 4, 5},                               /* plain [3,5] x [5,4] */
        {1, {4}, {4}, 2, 3, 6},                               /* equal batch */
        {1, {3}, {1}, 4, 2, 5},                               /* B broadcast ([k, n] as in ONNX 3-D x 2-D) */
        {1, {1}, {5}, 1, 3, 7},                               /* A broadcast, m = 1 (1-D A) */
        {2, {2, 1}, {1, 3}, 3, 2, 4},                         /* both broadcast, different dims */
        {2, {2, 3}, {2, 3}, 2, 2, 2},                         /* equal rank-2 batch */
        {3, {2, 1, 3}, {1, 4, 3}, 2, 3, 3},                   /* middle-dim broadcast */
        {4, {2, 1, 2, 1}, {1, 2, 1, 2}, 1, 1, 9},             /* rank-4 batch, n = 1 (1-D B) */
        {1, {2}, {2}, 16, 16, 64},                            /* larger sums */
        {6, {1, 2, 1, 1, 2, 1}, {2, 1, 1, 2, 1, 1}, 2, 2, 3}, /* six batch dims */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        char name[32];
        snprintf(name, sizeof name, "matmul case %u", (unsigned)i);
        run_matmul(name, &cases[i]);
    }
    for (int t = 0; t < 20; ++t) {
        matmul_case_t c;
        memset(&c, 0, sizeof c);
        c.rank = tu_rand_int(0, 4);
        for (int32_t d = 0; d < c.rank; ++d) {
            const int32_t dim = tu_rand_int(1, 3);
            const int32_t pattern = tu_rand_int(0, 2);
            c.a_batch[d] = pattern == 1 ? 1 : dim;
            c.b_batch[d] = pattern == 2 ? 1 : dim;
        }
        c.m = tu_rand_int(1, 6);
        c.n = tu_rand_int(1, 6);
        c.k = tu_rand_int(1, 12);
        char name[32];
        snprintf(name, sizeof name, "random matmul %d", t);
        run_matmul(name, &c);
    }
}

static void matmul_expect_arg(const caps_matmul_params_t *p, const float *a, const float *b, float *y) {
    tu_fill_sentinel(y, 48);
    CHECK(caps_matmul_f32(p, a, b, y) == CAPS_ERR_ARG);
    CHECK(tu_is_sentinel(y, 48));
}

static void test_matmul_validation(void) {
    const matmul_case_t c = {2, {2, 1}, {1, 2}, 3, 4, 2};
    const caps_matmul_params_t good = matmul_params(&c);
    float a[12] = {0}, b[16] = {0}, y[48];
    CHECK(caps_matmul_f32(&good, a, b, y) == CAPS_OK);
    matmul_expect_arg(NULL, a, b, y);
    matmul_expect_arg(&good, NULL, b, y);
    matmul_expect_arg(&good, a, NULL, y);
    CHECK(caps_matmul_f32(&good, a, b, NULL) == CAPS_ERR_ARG);
    caps_matmul_params_t p;
#define BAD(field, value)                                                                                              \
    do {                                                                                                               \
        p = good;                                                                                                      \
        p.field = (value);                                                                                             \
        matmul_expect_arg(&p, a, b, y);                                                                                \
    } while (0)
    BAD(batch_rank, -1);
    BAD(batch_rank, CAPS_MAX_DIMS + 1);
    BAD(m, 0);
    BAD(n, -2);
    BAD(k, 0);
    BAD(out_batch[0], 0);
    BAD(a_batch_stride[0], 7);  /* A matrices are 6 elements apart */
    BAD(b_batch_stride[1], -8); /* negative */
    BAD(a_batch_stride[1], 6);  /* broadcast dim given a stride: would be a different (bigger) A */
    BAD(m, 0x10000000);         /* batches * m * n overflows int32 */
#undef BAD
}

int main(void) {
    tu_seed(4242u);
    test_gemm();
    test_gemm_validation();
    test_matmul();
    test_matmul_validation();
    return tu_finish("test_matmul");
}

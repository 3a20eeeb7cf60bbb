/**
 * @file test_elementwise.c
 * @brief Unit tests of the elementwise kernels: unary caps_abs_f32, caps_neg_f32, caps_reciprocal_f32,
 *        caps_sqrt_f32, caps_exp_f32, caps_copy_f32, and broadcasting binary caps_add_f32, caps_sub_f32,
 *        caps_mul_f32, caps_div_f32, caps_pow_f32, caps_max_f32, caps_min_f32.
 *
 * Unary kernels are compared with their formula in double (copy bit for bit), out of place and in place.
 * Binary kernels run on pairs of input shapes broadcast numpy style (same shape, rank-0 scalars, scalar
 * tensor, row, column, middle-dim, both operands broadcast, rank 6); the reference maps every output
 * coordinate to each input through the input's own shape. Aliasing the output with an input of the
 * output's shape, and validation of shapes and strides, are checked too.
 */
#include "test_util.h"

/* ---------------------------------------------------------------- unary */

typedef caps_status_t (*unary_kernel_t)(const caps_unary_params_t *, const float *, float *);

static void run_unary(const char *name, unary_kernel_t kernel, double (*ref)(double), float lo, float hi, double rtol) {
    enum { N = 301 };
    caps_unary_params_t p;
    memset(&p, 0, sizeof p);
    p.size = N;
    float x[N], y[N], z[N];
    double want[N];
    tu_fill(x, N, lo, hi);
    for (int32_t i = 0; i < N; ++i)
        want[i] = ref((double)x[i]);
    CHECK(kernel(&p, x, y) == CAPS_OK);
    CHECK_CLOSE(name, y, want, N, rtol, 0.0);
    memcpy(z, x, sizeof z);
    CHECK(kernel(&p, z, z) == CAPS_OK); /* in place */
    CHECK_BITS(z, y, N);
    tu_fill_sentinel(y, N);
    CHECK(kernel(NULL, x, y) == CAPS_ERR_ARG);
    CHECK(kernel(&p, NULL, y) == CAPS_ERR_ARG);
    CHECK(kernel(&p, x, NULL) == CAPS_ERR_ARG);
    p.size = 0;
    CHECK(kernel(&p, x, y) == CAPS_ERR_ARG);
    p.size = -1;
    CHECK(kernel(&p, x, y) == CAPS_ERR_ARG);
    CHECK(tu_is_sentinel(y, N));
}

static double ref_abs(double x) { return fabs(x); }
static double ref_neg(double x) { return -x; }
static double ref_reciprocal(double x) { return 1.0 / x; }
static double ref_identity(double x) { return x; }

static void test_unary(void) {
    run_unary("abs", caps_abs_f32, ref_abs, -5.0f, 5.0f, 0.0);
    run_unary("neg", caps_neg_f32, ref_neg, -5.0f, 5.0f, 0.0);
    run_unary("reciprocal", caps_reciprocal_f32, ref_reciprocal, 0.01f, 10.0f, 1e-7);
    run_unary("reciprocal neg", caps_reciprocal_f32, ref_reciprocal, -10.0f, -0.01f, 1e-7);
    run_unary("sqrt", caps_sqrt_f32, sqrt, 0.0f, 100.0f, 1e-7);
    run_unary("exp", caps_exp_f32, exp, -20.0f, 20.0f, 1e-6);
    run_unary("copy", caps_copy_f32, ref_identity, -1e6f, 1e6f, 0.0);

    /* Special values. */
    caps_unary_params_t p;
    memset(&p, 0, sizeof p);
    p.size = 4;
    float x[4] = {-0.0f, 0.0f, -4.0f, INFINITY}, y[4];
    CHECK(caps_abs_f32(&p, x, y) == CAPS_OK);
    CHECK(!signbit(y[0]) && y[2] == 4.0f && y[3] == INFINITY);
    CHECK(caps_neg_f32(&p, x, y) == CAPS_OK);
    CHECK(!signbit(y[0]) && signbit(y[1]) && y[2] == 4.0f && y[3] == -INFINITY);
    CHECK(caps_reciprocal_f32(&p, x, y) == CAPS_OK);
    CHECK(y[0] == -INFINITY && y[1] == INFINITY && y[2] == -0.25f && y[3] == 0.0f);
    CHECK(caps_sqrt_f32(&p, x, y) == CAPS_OK);
    CHECK(y[0] == 0.0f && y[1] == 0.0f && isnan(y[2]) && y[3] == INFINITY);
    CHECK(caps_exp_f32(&p, x, y) == CAPS_OK);
    CHECK(y[0] == 1.0f && y[1] == 1.0f && y[3] == INFINITY);

    /* copy is bit exact (signed zero, NaN payload) and handles overlapping buffers. */
    float src[6] = {-0.0f, 1.5f, NAN, -INFINITY, 3.0f, 4.0f}, dst[6];
    p.size = 6;
    CHECK(caps_copy_f32(&p, src, dst) == CAPS_OK);
    CHECK_BITS(dst, src, 6);
    float buf[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    p.size = 6;
    CHECK(caps_copy_f32(&p, buf, buf + 2) == CAPS_OK);
    CHECK(buf[0] == 1 && buf[1] == 2 && buf[2] == 1 && buf[3] == 2 && buf[4] == 3 && buf[7] == 6);
}

/* ---------------------------------------------------------------- binary */

typedef caps_status_t (*binary_kernel_t)(const caps_binary_params_t *, const float *, const float *, float *);

typedef struct {
    int32_t a_rank, a_dims[CAPS_MAX_DIMS];
    int32_t b_rank, b_dims[CAPS_MAX_DIMS];
} bcast_case_t;

/** numpy broadcasting: output shape and per-output-dim strides of each input. Returns the output rank. */
static int32_t broadcast(const bcast_case_t *c, caps_binary_params_t *p) {
    const int32_t rank = c->a_rank > c->b_rank ? c->a_rank : c->b_rank;
    memset(p, 0, sizeof *p);
    p->rank = rank;
    int32_t sa = 1, sb = 1;
    for (int32_t d = rank - 1; d >= 0; --d) {
        const int32_t da = d - (rank - c->a_rank) >= 0 ? c->a_dims[d - (rank - c->a_rank)] : 1;
        const int32_t db = d - (rank - c->b_rank) >= 0 ? c->b_dims[d - (rank - c->b_rank)] : 1;
        p->out_dims[d] = da > db ? da : db;
        p->a_strides[d] = da == 1 ? 0 : sa;
        p->b_strides[d] = db == 1 ? 0 : sb;
        sa *= da;
        sb *= db;
    }
    return rank;
}

/** Element of input x (shape dims of rank r) read by output coordinate oc of rank orank. */
static double pick(const float *x, int32_t r, const int32_t *dims, int32_t orank, const int32_t *oc) {
    int32_t ic[CAPS_MAX_DIMS];
    for (int32_t d = 0; d < r; ++d) {
        const int32_t od = d + orank - r;
        ic[d] = dims[d] == 1 ? 0 : oc[od];
    }
    return (double)x[tu_ravel(r, dims, ic)];
}

static double op_add(double a, double b) { return a + b; }
static double op_sub(double a, double b) { return a - b; }
static double op_mul(double a, double b) { return a * b; }
static double op_div(double a, double b) { return a / b; }
static double op_max(double a, double b) { return a > b ? a : b; }
static double op_min(double a, double b) { return a < b ? a : b; }

static const struct {
    const char *name;
    binary_kernel_t kernel;
    double (*ref)(double, double);
    float a_lo, a_hi, b_lo, b_hi;
    double rtol;
} binary_ops[] = {
    {"add", caps_add_f32, op_add, -4.0f, 4.0f, -4.0f, 4.0f, 0.0},
    {"sub", caps_sub_f32, op_sub, -4.0f, 4.0f, -4.0f, 4.0f, 0.0},
    {"mul", caps_mul_f32, op_mul, -4.0f, 4.0f, -4.0f, 4.0f, 1e-7},
    {"div", caps_div_f32, op_div, -4.0f, 4.0f, 0.25f, 4.0f, 1e-7},
    {"pow", caps_pow_f32, pow, 0.05f, 4.0f, -3.0f, 3.0f, 2e-6},
    {"max", caps_max_f32, op_max, -4.0f, 4.0f, -4.0f, 4.0f, 0.0},
    {"min", caps_min_f32, op_min, -4.0f, 4.0f, -4.0f, 4.0f, 0.0},
};

static void run_binary(const bcast_case_t *c, int case_index) {
    caps_binary_params_t p;
    const int32_t rank = broadcast(c, &p);
    const int32_t na = tu_count(c->a_rank, c->a_dims), nb = tu_count(c->b_rank, c->b_dims);
    const int32_t ny = tu_count(rank, p.out_dims);
    float *a = tu_alloc(na), *b = tu_alloc(nb), *y = tu_alloc(ny);
    double *want = tu_alloc_d(ny);
    for (size_t o = 0; o < sizeof binary_ops / sizeof binary_ops[0]; ++o) {
        tu_fill(a, na, binary_ops[o].a_lo, binary_ops[o].a_hi);
        tu_fill(b, nb, binary_ops[o].b_lo, binary_ops[o].b_hi);
        /* Distinct b values for div away from 0: flip half of the signs. */
        if (binary_ops[o].kernel == caps_div_f32)
            for (int32_t i = 0; i < nb; i += 2)
                b[i] = -b[i];
        for (int32_t i = 0; i < ny; ++i) {
            int32_t oc[CAPS_MAX_DIMS];
            tu_unravel(i, rank, p.out_dims, oc);
            want[i] =
                binary_ops[o].ref(pick(a, c->a_rank, c->a_dims, rank, oc), pick(b, c->b_rank, c->b_dims, rank, oc));
        }
        char name[64];
        snprintf(name, sizeof name, "%s case %d", binary_ops[o].name, case_index);
        CHECK(binary_ops[o].kernel(&p, a, b, y) == CAPS_OK);
        CHECK_CLOSE(name, y, want, ny, binary_ops[o].rtol, 0.0);
        /* In place into whichever input has the output's shape. */
        if (na == ny) {
            float *acopy = tu_alloc(na);
            memcpy(acopy, a, (size_t)na * sizeof(float));
            CHECK(binary_ops[o].kernel(&p, acopy, b, acopy) == CAPS_OK);
            CHECK_BITS(acopy, y, ny);
            free(acopy);
        }
        if (nb == ny) {
            float *bcopy = tu_alloc(nb);
            memcpy(bcopy, b, (size_t)nb * sizeof(float));
            CHECK(binary_ops[o].kernel(&p, a, bcopy, bcopy) == CAPS_OK);
            CHECK_BITS(bcopy, y, ny);
            free(bcopy);
        }
    }
    free(a);
    free(b);
    free(y);
    free(want);
}

static void test_binary(void) {
    static const bcast_case_t cases[] = {
        {2, {3, 4}, 2, {3, 4}},                         /* same shape */
        {0, {0}, 0, {0}},                               /* rank-0 scalars */
        {2, {3, 4}, 0, {0}},                            /* tensor op rank-0 scalar */
        {0, {0}, 3, {2, 3, 4}},                         /* scalar op tensor */
        {2, {3, 4}, 1, {1}},                            /* [1] scalar tensor */
        {2, {3, 4}, 1, {4}},                            /* row */
        {2, {3, 4}, 2, {3, 1}},                         /* column */
        {3, {2, 3, 4}, 3, {2, 1, 4}},                   /* middle-dim broadcast */
        {3, {2, 1, 4}, 3, {1, 3, 1}},                   /* both broadcast */
        {2, {5, 1}, 1, {6}},                            /* outer product */
        {4, {1, 3, 5, 5}, 4, {2, 3, 1, 1}},             /* NCHW per-channel, batch from b */
        {6, {2, 1, 3, 1, 2, 2}, 6, {1, 2, 3, 2, 1, 2}}, /* rank 6 */
        {6, {1, 1, 1, 1, 1, 7}, 3, {2, 3, 1}},          /* rank 6 with size-1 dims */
        {1, {1000}, 1, {1000}},                         /* long vector */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i)
        run_binary(&cases[i], (int)i);
    for (int t = 0; t < 30; ++t) {
        bcast_case_t c;
        memset(&c, 0, sizeof c);
        const int32_t rank = tu_rand_int(0, CAPS_MAX_DIMS);
        c.a_rank = rank - tu_rand_int(0, rank);
        c.b_rank = rank - tu_rand_int(0, rank);
        int32_t dims[CAPS_MAX_DIMS];
        for (int32_t d = 0; d < rank; ++d)
            dims[d] = tu_rand_int(1, 4);
        for (int32_t d = 0; d < c.a_rank; ++d)
            c.a_dims[d] = tu_rand_int(0, 2) == 0 ? 1 : dims[d + rank - c.a_rank];
        for (int32_t d = 0; d < c.b_rank; ++d)
            c.b_dims[d] = tu_rand_int(0, 2) == 0 ? 1 : dims[d + rank - c.b_rank];
        run_binary(&c, 100 + t);
    }

    /* Exact values of pow and div against the libm float functions. */
    caps_binary_params_t p;
    memset(&p, 0, sizeof p);
    p.rank = 1;
    p.out_dims[0] = 4;
    p.a_strides[0] = 1;
    p.b_strides[0] = 1;
    float a[4] = {2.0f, 9.0f, -8.0f, 0.0f}, b[4] = {10.0f, 0.5f, 3.0f, -1.0f}, y[4];
    CHECK(caps_pow_f32(&p, a, b, y) == CAPS_OK);
    CHECK(y[0] == 1024.0f && y[1] == 3.0f && y[2] == -512.0f && y[3] == INFINITY);
    CHECK(caps_div_f32(&p, a, b, y) == CAPS_OK);
    CHECK(y[0] == 0.2f && y[1] == 18.0f && y[3] == -0.0f);
}

static void
binary_expect_arg(binary_kernel_t kernel, const caps_binary_params_t *p, const float *a, const float *b, float *y) {
    tu_fill_sentinel(y, 24);
    CHECK(kernel(p, a, b, y) == CAPS_ERR_ARG);
    CHECK(tu_is_sentinel(y, 24));
}

static void test_binary_validation(void) {
    const bcast_case_t c = {3, {2, 3, 4}, 2, {3, 1}};
    caps_binary_params_t good;
    broadcast(&c, &good);
    float a[24] = {0}, b[3] = {1, 1, 1}, y[24];
    for (size_t o = 0; o < sizeof binary_ops / sizeof binary_ops[0]; ++o) {
        const binary_kernel_t k = binary_ops[o].kernel;
        CHECK(k(&good, a, b, y) == CAPS_OK);
        binary_expect_arg(k, NULL, a, b, y);
        binary_expect_arg(k, &good, NULL, b, y);
        binary_expect_arg(k, &good, a, NULL, y);
        CHECK(k(&good, a, b, NULL) == CAPS_ERR_ARG);
        caps_binary_params_t p;
#define BAD(field, value)                                                                                              \
    do {                                                                                                               \
        p = good;                                                                                                      \
        p.field = (value);                                                                                             \
        binary_expect_arg(k, &p, a, b, y);                                                                             \
    } while (0)
        BAD(rank, -1);
        BAD(rank, CAPS_MAX_DIMS + 1);
        BAD(out_dims[0], 0);
        BAD(out_dims[2], -4);
        BAD(out_dims[0], 0x7fffffff); /* element count overflows int32 */
        BAD(a_strides[2], 2);         /* not dense */
        BAD(a_strides[0], 13);        /* not dense */
        BAD(b_strides[1], -1);        /* negative */
        BAD(b_strides[2], 1);         /* b's last dim is broadcast: would make b [3, 4] */
#undef BAD
    }
}

int main(void) {
    tu_seed(0xC0FFEEu);
    test_unary();
    test_binary();
    test_binary_validation();
    return tu_finish("test_elementwise");
}

/**
 * @file pulp_cluster.c
 * @brief The team of pulp_cluster.h: PMSIS's cluster team, or sequential emulated cores.
 */
#include "pulp_cluster.h"

#ifdef CAPS_PULP_PMSIS
#include "pmsis.h"

typedef struct {
    caps_pulp_phase_t phase;
    void *arg;
} team_call_t;

static void team_entry(void *p) {
    const team_call_t *call = (const team_call_t *)p;
    call->phase(call->arg, (int32_t)pi_core_id(), (int32_t)pi_cl_team_nb_cores());
}

void caps_pulp_team_run(caps_pulp_phase_t phase, void *arg) {
    team_call_t call = {phase, arg};
    pi_cl_team_fork(0, team_entry, &call); /* 0: all the cluster's cores; returns after the team's barrier */
}

int32_t caps_pulp_team_cores(void) { return (int32_t)pi_cl_team_nb_cores(); }

void caps_pulp_set_emulated_cores(int32_t cores) { (void)cores; }
#else
static int32_t emulated_cores = 1; /* no cluster: one core, until a test asks for more */

void caps_pulp_team_run(caps_pulp_phase_t phase, void *arg) {
    for (int32_t core = 0; core < emulated_cores; ++core)
        phase(arg, core, emulated_cores);
}

int32_t caps_pulp_team_cores(void) { return emulated_cores; }

void caps_pulp_set_emulated_cores(int32_t cores) {
    if (cores >= 1 && cores <= CAPS_PULP_MAX_CORES)
        emulated_cores = cores;
}
#endif

/*
 * deploy_run.h - gives the console's model its way to read the VM's
 * deployment back (struct app's readback; deploy_run.c).  In the program
 * only: the screen tests give struct app a fake reader instead.
 */
#ifndef EDGENET_UI_DEPLOY_RUN_H
#define EDGENET_UI_DEPLOY_RUN_H

struct app;
struct virt_conn;

/* A's deployment is read back on connection VC from now on. */
void deploy_run_open(struct app *a, struct virt_conn *vc);

#endif

/*
 * sg_iscsi_shim.c - OpenRSM's LD_PRELOAD shim for its tests: a program that opens the path $SGSHIM_PATH and
 * sends SCSI commands to it with ioctl(SG_IO) (Debian's mtx, tapeinfo, loaderinfo) reaches the iSCSI LUN
 * $SGSHIM_URL through libiscsi instead. Machines without kernel SCSI (containers, CI) can so run the unmodified
 * mtx against tgt's emulated changer:
 *
 *   SGSHIM_PATH=/dev/sg-tgt SGSHIM_URL=iscsi://127.0.0.1:3270/iqn.2026-12.org.openrsm:lab/3 \
 *   LD_PRELOAD=.../sg_iscsi_shim.so mtx -f /dev/sg-tgt status
 *
 * Wraps open, ioctl and close only (enough for mtx; not for sg3_utils, which uses open64 and stat).
 * Handles SG_GET_VERSION_NUM, SG_SET_TIMEOUT, SG_GET_TIMEOUT, SCSI_IOCTL_GET_IDLUN and SG_IO (v3 header).
 * Sense is returned in fixed format (70h) with key, ASC and ASCQ. Build: tgt-lab shim DIR.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <scsi/sg.h>
#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>

#ifndef SCSI_IOCTL_GET_IDLUN
#define SCSI_IOCTL_GET_IDLUN 0x5382
#endif

static int lun_fd = -1;                 /* the descriptor handed out for $SGSHIM_PATH */
static struct iscsi_context *session;
static int lun;
static int timeout_jiffies = 6000;

static int (*next_open)(const char *, int, ...);
static int (*next_ioctl)(int, unsigned long, ...);
static int (*next_close)(int);

static void find_next(void)
{
	if (!next_open) {
		next_open = dlsym(RTLD_NEXT, "open");
		next_ioctl = dlsym(RTLD_NEXT, "ioctl");
		next_close = dlsym(RTLD_NEXT, "close");
	}
}

static int log_in(void)
{
	const char *url = getenv("SGSHIM_URL");
	const char *initiator = getenv("SGSHIM_INITIATOR");
	struct iscsi_url *u;

	if (!url) {
		fprintf(stderr, "sgshim: SGSHIM_URL is not set\n");
		return -1;
	}
	session = iscsi_create_context(initiator ? initiator : "iqn.2026-12.org.openrsm:sgshim");
	if (!session)
		return -1;
	u = iscsi_parse_full_url(session, url);
	if (!u) {
		fprintf(stderr, "sgshim: bad url %s: %s\n", url, iscsi_get_error(session));
		iscsi_destroy_context(session);
		session = NULL;
		return -1;
	}
	iscsi_set_session_type(session, ISCSI_SESSION_NORMAL);
	iscsi_set_header_digest(session, ISCSI_HEADER_DIGEST_NONE_CRC32C);
	if (iscsi_full_connect_sync(session, u->portal, u->lun) != 0) {
		fprintf(stderr, "sgshim: connect failed: %s\n", iscsi_get_error(session));
		iscsi_destroy_url(u);
		iscsi_destroy_context(session);
		session = NULL;
		return -1;
	}
	lun = u->lun;
	iscsi_destroy_url(u);
	return 0;
}

int open(const char *path, int flags, ...)
{
	const char *shimmed = getenv("SGSHIM_PATH");
	mode_t mode = 0;

	find_next();
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	if (shimmed && strcmp(path, shimmed) == 0) {
		if (log_in() != 0) {
			errno = ENXIO;
			return -1;
		}
		lun_fd = next_open("/dev/null", O_RDWR);
		return lun_fd;
	}
	return next_open(path, flags, mode);
}

int close(int fd)
{
	find_next();
	if (fd >= 0 && fd == lun_fd) {
		if (session) {
			iscsi_logout_sync(session);
			iscsi_destroy_context(session);
			session = NULL;
		}
		lun_fd = -1;
	}
	return next_close(fd);
}

static int sg_io(sg_io_hdr_t *h)
{
	int direction = SCSI_XFER_NONE;
	struct iscsi_data out, *data_out = NULL;
	struct scsi_task *task;

	if (h->interface_id != 'S') {
		errno = ENOSYS;
		return -1;
	}
	if (h->dxfer_len > 0 && h->dxfer_direction == SG_DXFER_FROM_DEV) {
		direction = SCSI_XFER_READ;
	} else if (h->dxfer_len > 0 && h->dxfer_direction == SG_DXFER_TO_DEV) {
		direction = SCSI_XFER_WRITE;
		out.size = h->dxfer_len;
		out.data = h->dxferp;
		data_out = &out;
	}
	task = scsi_create_task(h->cmd_len, h->cmdp, direction, direction == SCSI_XFER_NONE ? 0 : h->dxfer_len);
	if (!task) {
		errno = ENOMEM;
		return -1;
	}
	h->status = h->masked_status = h->host_status = h->driver_status = 0;
	h->resid = 0;
	h->sb_len_wr = 0;
	h->info = 0;
	if (!iscsi_scsi_command_sync(session, lun, task, data_out)) {
		fprintf(stderr, "sgshim: transport error: %s\n", iscsi_get_error(session));
		scsi_free_scsi_task(task);
		h->host_status = 0x07;          /* DID_ERROR */
		h->info |= SG_INFO_CHECK;
		return 0;
	}
	h->status = task->status;
	h->masked_status = (task->status >> 1) & 0x7f;
	if (direction == SCSI_XFER_READ) {
		int n = task->datain.size < (int) h->dxfer_len ? task->datain.size : (int) h->dxfer_len;
		if (n > 0)
			memcpy(h->dxferp, task->datain.data, n);
		h->resid = h->dxfer_len - (n > 0 ? n : 0);
	}
	if (task->status == SCSI_STATUS_CHECK_CONDITION && h->sbp && h->mx_sb_len >= 14) {
		unsigned char *sense = h->sbp;
		memset(sense, 0, h->mx_sb_len);
		sense[0] = 0x70;                /* current error, fixed format */
		sense[2] = task->sense.key & 0x0f;
		sense[7] = 10;                  /* additional length */
		sense[12] = (task->sense.ascq >> 8) & 0xff;
		sense[13] = task->sense.ascq & 0xff;
		h->sb_len_wr = h->mx_sb_len < 18 ? h->mx_sb_len : 18;
		h->driver_status = 0x08;        /* DRIVER_SENSE */
		h->info |= SG_INFO_CHECK;
	}
	if (getenv("SGSHIM_DEBUG")) {
		fprintf(stderr, "sgshim: cdb");
		for (int i = 0; i < h->cmd_len; i++)
			fprintf(stderr, " %02x", h->cmdp[i]);
		fprintf(stderr, " -> status 0x%02x sense %x/%04x\n", task->status, task->sense.key, task->sense.ascq);
	}
	scsi_free_scsi_task(task);
	return 0;
}

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	void *arg;

	find_next();
	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd < 0 || fd != lun_fd)
		return next_ioctl(fd, request, arg);
	switch (request) {
	case SG_GET_VERSION_NUM:
		*(int *) arg = 30536;
		return 0;
	case SG_SET_TIMEOUT:
		timeout_jiffies = *(int *) arg;
		return 0;
	case SG_GET_TIMEOUT:
		return timeout_jiffies;
	case SCSI_IOCTL_GET_IDLUN: {
		int *id = arg;
		id[0] = (lun & 0xff) << 8;      /* target id 0, this LUN */
		id[1] = 0;
		return 0;
	}
	case SG_IO:
		return sg_io(arg);
	default:
		errno = ENOTTY;
		return -1;
	}
}

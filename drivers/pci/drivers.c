// SPDX-License-Identifier: GPL-2.0
/*
 * The PCI driver table (include/panda/pci.h).  pci_init() offers each
 * function, in enumeration order, to the first driver here that matches
 * it (devices.md 1).  A new driver adds its struct pci_driver below.
 */
#include <panda/pci.h>

extern const struct pci_driver virtio_blk_driver;
extern const struct pci_driver virtio_gpu_driver;
extern const struct pci_driver virtio_input_driver;

const struct pci_driver *const pci_drivers[] = {
#ifdef CONFIG_VIRTIO_BLK
	&virtio_blk_driver,
#endif
#ifdef CONFIG_VIRTIO_GPU
	&virtio_gpu_driver,
#endif
#ifdef CONFIG_VIRTIO_INPUT
	&virtio_input_driver,
#endif
	NULL
};

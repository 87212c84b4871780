// SPDX-License-Identifier: GPL-2.0
/*
 * bt_xmit_probe: a test helper, not part of the driver. It asks a master
 * device which slave a frame would leave on, through
 * netdev_get_xmit_slave(), the way in-kernel users (RDMA's LAG code) ask:
 * process context, BH on, under rcu_read_lock() only.
 *
 * Write "IFNAME ALL HEXFRAME" to /proc/bt_xmit_probe (ALL: 0 or 1, the
 * all_slaves argument; HEXFRAME: the frame from its Ethernet header on),
 * then read the answer back from the same open file: the slave's name, or
 * "none", and a newline. Names are looked up in the writer's namespace.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/nsproxy.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define PROBE_MAX_FRAME	512

struct probe_answer {
	char text[IFNAMSIZ + 2];
};

static int probe_open(struct inode *inode, struct file *file)
{
	struct probe_answer *a = kzalloc(sizeof(*a), GFP_KERNEL);

	if (!a)
		return -ENOMEM;
	file->private_data = a;
	return 0;
}

static int probe_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static struct sk_buff *probe_skb(struct net_device *dev, const char *hex)
{
	size_t n = strlen(hex) / 2;
	struct sk_buff *skb;
	__be16 proto;

	if (strlen(hex) % 2 || n < ETH_HLEN || n > PROBE_MAX_FRAME)
		return ERR_PTR(-EINVAL);
	skb = alloc_skb(n, GFP_KERNEL);
	if (!skb)
		return ERR_PTR(-ENOMEM);
	if (hex2bin(skb_put(skb, n), hex, n)) {
		kfree_skb(skb);
		return ERR_PTR(-EINVAL);
	}
	skb->dev = dev;
	skb_reset_mac_header(skb);
	proto = eth_hdr(skb)->h_proto;
	skb->protocol = proto;
	if (eth_type_vlan(proto) && n >= VLAN_ETH_HLEN)
		skb_set_network_header(skb, VLAN_ETH_HLEN);
	else
		skb_set_network_header(skb, ETH_HLEN);
	return skb;
}

static ssize_t probe_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	struct probe_answer *a = file->private_data;
	char name[IFNAMSIZ], *buf, *hex;
	struct net_device *dev, *slave;
	struct sk_buff *skb;
	int all, off = 0;
	ssize_t ret;

	if (len > 2 * PROBE_MAX_FRAME + 64)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = -EINVAL;
	if (sscanf(buf, "%15s %d %n", name, &all, &off) != 2 || !off)
		goto out;
	hex = strim(buf + off);
	ret = -ENODEV;
	dev = dev_get_by_name(current->nsproxy->net_ns, name);
	if (!dev)
		goto out;
	skb = probe_skb(dev, hex);
	if (IS_ERR(skb)) {
		ret = PTR_ERR(skb);
		goto put;
	}
	rcu_read_lock();
	slave = netdev_get_xmit_slave(dev, skb, all != 0);
	snprintf(a->text, sizeof(a->text), "%s\n", slave ? slave->name : "none");
	rcu_read_unlock();
	kfree_skb(skb);
	ret = len;
put:
	dev_put(dev);
out:
	kfree(buf);
	return ret;
}

static ssize_t probe_read(struct file *file, char __user *ubuf, size_t len,
			  loff_t *ppos)
{
	struct probe_answer *a = file->private_data;

	return simple_read_from_buffer(ubuf, len, ppos, a->text,
				       strlen(a->text));
}

static const struct proc_ops probe_ops = {
	.proc_open	= probe_open,
	.proc_release	= probe_release,
	.proc_read	= probe_read,
	.proc_write	= probe_write,
	.proc_lseek	= default_llseek,
};

static int __init probe_init(void)
{
	return proc_create("bt_xmit_probe", 0600, NULL, &probe_ops) ?
	       0 : -ENOMEM;
}

static void __exit probe_exit(void)
{
	remove_proc_entry("bt_xmit_probe", NULL);
}

module_init(probe_init);
module_exit(probe_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("test helper: netdev_get_xmit_slave() from process context");

#!/usr/bin/python3
"""Train a capsnet-fashion model on Fashion-MNIST (first 55,000 training images; the last 5,000 are
held out for validation/calibration), report accuracy on the full 10,000-image test split, save
checkpoints/<name>.pt (state_dict + metadata) and export models/<name>.onnx (opset 13, batch 1,
input 'image', output 'scores').

  python3 data.py                                   # once: IDX -> data/*.npy
  python3 train.py --model mnist_capsnet --routing a --epochs 15
  python3 train.py --model efficient_capsnet --epochs 10
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

import capsnet
import export

HERE = os.path.dirname(os.path.abspath(__file__))


def evaluate(model, x, y, batch=500):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return correct / len(x)


def shift_batch(xb, max_shift, gen):
    """Random translation by up to max_shift pixels (zero fill), one shift per image."""
    if max_shift == 0:
        return xb
    n = xb.shape[0]
    pad = F.pad(xb, (max_shift,) * 4)
    dx = torch.randint(0, 2 * max_shift + 1, (n,), generator=gen)
    dy = torch.randint(0, 2 * max_shift + 1, (n,), generator=gen)
    out = torch.empty_like(xb)
    for k in range(n):
        out[k] = pad[k, :, dy[k]:dy[k] + 28, dx[k]:dx[k] + 28]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", choices=sorted(capsnet.MODELS), default="mnist_capsnet")
    ap.add_argument("--routing", choices="abc", default="a", help="MnistCapsNet routing implementation")
    ap.add_argument("--iterations", type=int, default=3, help="MnistCapsNet routing iterations")
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--decay", type=float, default=0.9, help="lr multiplier per epoch (ExponentialLR)")
    ap.add_argument("--shift", type=int, default=0, help="random translation augmentation, pixels")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-minutes", type=float, default=0,
                    help="don't start another epoch if it would end after this many minutes")
    ap.add_argument("--max-batches", type=int, default=0, help="stop after this many batches (speed test)")
    ap.add_argument("--log-every", type=int, default=100)
    ap.add_argument("--data", default=os.path.join(HERE, "data"))
    ap.add_argument("--out", default=os.path.join(HERE, "models"), help="directory for <name>.onnx and <name>.json")
    ap.add_argument("--ckpt-dir", default=os.path.join(HERE, "checkpoints"))
    ap.add_argument("--name", help="output name (default: the model name)")
    args = ap.parse_args()
    name = args.name or args.model

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    load = lambda n: torch.from_numpy(np.load(os.path.join(args.data, n + ".npy")))
    x_tr, y_tr = load("x_train"), load("y_train")
    x_val, y_val = load("x_val"), load("y_val")
    x_te, y_te = load("x_test"), load("y_test")

    model = capsnet.build(args.model, routing=args.routing, iterations=args.iterations)
    n_params = capsnet.count_params(model)
    routing = f"routing {args.routing} x{args.iterations}; " if args.model == "mnist_capsnet" else ""
    print(f"{args.model}: {n_params:,} parameters; {routing}"
          f"train {len(x_tr)}, val {len(x_val)}, test {len(x_te)}; batch {args.batch}, "
          f"Adam lr {args.lr} x{args.decay}/epoch, shift {args.shift}, threads {args.threads}", flush=True)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=args.decay)

    t_start = time.time()
    history, seen, stop = [], 0, False
    for epoch in range(1, args.epochs + 1):
        model.train()
        perm = torch.randperm(len(x_tr), generator=gen)
        run_loss, run_correct, run_n, t_log = 0.0, 0, 0, time.time()
        n_batches = (len(x_tr) + args.batch - 1) // args.batch
        for bi in range(n_batches):
            idx = perm[bi * args.batch:(bi + 1) * args.batch]
            xb, yb = shift_batch(x_tr[idx], args.shift, gen), y_tr[idx]
            scores = model(xb)
            loss = capsnet.margin_loss(scores, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            run_loss += loss.item() * len(idx)
            run_correct += (scores.argmax(1) == yb).sum().item()
            run_n += len(idx)
            seen += len(idx)
            if (bi + 1) % args.log_every == 0 or bi + 1 == n_batches:
                dt = time.time() - t_log
                print(f"epoch {epoch} batch {bi + 1}/{n_batches}  loss {run_loss / run_n:.4f}  "
                      f"acc {run_correct / run_n:.4f}  {run_n / dt:.0f} img/s  "
                      f"lr {sched.get_last_lr()[0]:.2e}  elapsed {time.time() - t_start:.0f}s", flush=True)
                run_loss, run_correct, run_n, t_log = 0.0, 0, 0, time.time()
            if args.max_batches and seen >= args.max_batches * args.batch:
                stop = True
                break
        sched.step()
        val_acc = evaluate(model, x_val, y_val)
        history.append({"epoch": epoch, "val_acc": val_acc, "elapsed_s": round(time.time() - t_start, 1)})
        print(f"== epoch {epoch}: val acc {val_acc:.4f}  elapsed {time.time() - t_start:.0f}s", flush=True)
        if stop:
            break
        epoch_s = history[-1]["elapsed_s"] - (history[-2]["elapsed_s"] if len(history) > 1 else 0)
        if args.max_minutes and epoch < args.epochs and time.time() - t_start + epoch_s > 60 * args.max_minutes:
            print(f"== stopping after epoch {epoch}: another epoch (~{epoch_s:.0f}s) would exceed "
                  f"--max-minutes {args.max_minutes}", flush=True)
            break
    train_s = time.time() - t_start

    test_acc = evaluate(model, x_te, y_te)
    print(f"== test accuracy (10,000 images): {test_acc:.4f}; training time {train_s:.0f}s "
          f"({train_s / 60:.1f} min, {seen / train_s:.0f} img/s incl. validation)", flush=True)

    os.makedirs(args.ckpt_dir, exist_ok=True)
    ckpt = os.path.join(args.ckpt_dir, name + ".pt")
    torch.save({"model": args.model, "routing": args.routing, "iterations": args.iterations,
                "state_dict": model.state_dict()}, ckpt)
    onnx_path = os.path.join(args.out, name + ".onnx")
    export.export_onnx(model, onnx_path)
    if args.model == "mnist_capsnet":
        d = capsnet.check_routings(model.state_dict())
        print(f"routings a/b/c agree on the trained weights: max abs diff {d:.3g}")
    metrics = {"model": args.model, "routing": args.routing, "iterations": args.iterations,
               "parameters": n_params, "epochs": len(history), "batch": args.batch, "lr": args.lr,
               "decay": args.decay, "epochs_requested": args.epochs, "max_minutes": args.max_minutes, "shift": args.shift, "seed": args.seed, "threads": args.threads,
               "train_images": len(x_tr), "test_accuracy": test_acc,
               "val_accuracy": history[-1]["val_acc"], "train_seconds": round(train_s, 1),
               "images_per_second": round(seen / train_s, 1), "history": history,
               "torch": torch.__version__}
    with open(os.path.join(args.out, name + ".json"), "w") as f:
        json.dump(metrics, f, indent=1)
    print(f"wrote {ckpt}, {onnx_path}, {os.path.join(args.out, name + '.json')}")


if __name__ == "__main__":
    main()

using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Dgm.Local.Sandbox;

/// <summary>
/// The seccomp program every job of the process sandboxes runs under, in the classic BPF form the kernel loads
/// (bubblewrap through <c>bwrap --seccomp</c>, unshare through a few lines of perl after setpriv). The
/// calls that reach kernel state shared with the host or other jobs fail with EPERM: keyrings (a job could leave the
/// hidden tests in a key for the next job, or fill root's key quota), io_uring, ptrace, mounts, namespaces, BPF,
/// perf, modules, kexec, swap, accounting and file handles. <c>clone</c> may not create namespaces; <c>clone3</c>
/// fails with ENOSYS so that libc falls back to <c>clone</c>, as seccomp cannot read clone3's flags (they are in
/// memory). A call from another ABI (x32 on x86-64, whose numbers would slip past the table) kills the process.
/// </summary>
internal static class SeccompFilter
{
    /// <summary>The calls that fail with EPERM.</summary>
    public static readonly IReadOnlyList<string> Denied =
    [
        "add_key", "request_key", "keyctl",
        "io_uring_setup", "io_uring_enter", "io_uring_register",
        "ptrace", "process_vm_readv", "process_vm_writev",
        "mount", "umount2", "pivot_root", "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
        "unshare", "setns",
        "bpf", "perf_event_open", "userfaultfd",
        "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load",
        "reboot", "swapon", "swapoff", "acct", "quotactl", "open_by_handle_at",
    ];

    /// <summary>CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET and NEWTIME.</summary>
    public const uint NamespaceFlags = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x00000080;

    public const uint Allow = 0x7fff0000;
    public const uint KillProcess = 0x80000000;
    public const uint ErrnoEperm = 0x00050000 | 1;
    public const uint ErrnoEnosys = 0x00050000 | 38;

    /// <summary>The program for this machine's architecture; null where no table is known (jobs then run without one, and say so: <see cref="MissingOnThisMachine"/>).</summary>
    public static readonly byte[]? OfThisMachine = Table.OfThisMachine is { } table ? Build(table) : null;

    /// <summary>What a job reports where no program is known.</summary>
    public static string MissingOnThisMachine => $"no seccomp filter for {RuntimeInformation.OSArchitecture}";

    public static byte[] Build(Table table)
    {
        var program = new Program();
        program.Load(SeccompData.Arch);
        program.JumpIfEqual(table.AuditArch, onTrue: null, onFalse: "kill");
        program.Load(SeccompData.Number);
        if (table.ForeignAbiBit is { } bit)
        {
            program.JumpIfAtLeast(bit, onTrue: "kill", onFalse: null);
        }

        foreach (var name in Denied)
        {
            program.JumpIfEqual(table.Numbers[name], onTrue: "eperm", onFalse: null);
        }

        program.JumpIfEqual(table.Numbers["clone3"], onTrue: "enosys", onFalse: null);
        program.JumpIfEqual(table.Numbers["clone"], onTrue: "clone", onFalse: null);
        program.Return(Allow);
        program.Label("clone");
        program.Load(SeccompData.FirstArgument);
        program.JumpIfAnyBit(NamespaceFlags, onTrue: "eperm", onFalse: null);
        program.Return(Allow);
        program.Label("eperm");
        program.Return(ErrnoEperm);
        program.Label("enosys");
        program.Return(ErrnoEnosys);
        program.Label("kill");
        program.Return(KillProcess);
        return program.ToBytes();
    }

    /// <summary>Offsets into the kernel's <c>struct seccomp_data</c>; the flags argument is read by its low 32 bits (little endian).</summary>
    private static class SeccompData
    {
        public const uint Number = 0;
        public const uint Arch = 4;
        public const uint FirstArgument = 16;
    }

    /// <summary>An architecture's AUDIT_ARCH value and call numbers (from the kernel's unistd headers): the filtered calls, and prctl that loads the filter.</summary>
    public sealed record Table(uint AuditArch, uint? ForeignAbiBit, IReadOnlyDictionary<string, uint> Numbers)
    {
        public static readonly Table X64 = new(0xC000003E, 0x40000000, Numbered(
            ("add_key", 248), ("request_key", 249), ("keyctl", 250), ("io_uring_setup", 425), ("io_uring_enter", 426),
            ("io_uring_register", 427), ("ptrace", 101), ("process_vm_readv", 310), ("process_vm_writev", 311), ("mount", 165),
            ("umount2", 166), ("pivot_root", 155), ("open_tree", 428), ("move_mount", 429), ("fsopen", 430), ("fsconfig", 431),
            ("fsmount", 432), ("fspick", 433), ("mount_setattr", 442), ("unshare", 272), ("setns", 308), ("bpf", 321),
            ("perf_event_open", 298), ("userfaultfd", 323), ("init_module", 175), ("finit_module", 313), ("delete_module", 176),
            ("kexec_load", 246), ("kexec_file_load", 320), ("reboot", 169), ("swapon", 167), ("swapoff", 168), ("acct", 163),
            ("quotactl", 179), ("open_by_handle_at", 304), ("clone", 56), ("clone3", 435), ("prctl", 157)));

        public static readonly Table Arm64 = new(0xC00000B7, null, Numbered(
            ("add_key", 217), ("request_key", 218), ("keyctl", 219), ("io_uring_setup", 425), ("io_uring_enter", 426),
            ("io_uring_register", 427), ("ptrace", 117), ("process_vm_readv", 270), ("process_vm_writev", 271), ("mount", 40),
            ("umount2", 39), ("pivot_root", 41), ("open_tree", 428), ("move_mount", 429), ("fsopen", 430), ("fsconfig", 431),
            ("fsmount", 432), ("fspick", 433), ("mount_setattr", 442), ("unshare", 97), ("setns", 268), ("bpf", 280),
            ("perf_event_open", 241), ("userfaultfd", 282), ("init_module", 105), ("finit_module", 273), ("delete_module", 106),
            ("kexec_load", 104), ("kexec_file_load", 294), ("reboot", 142), ("swapon", 224), ("swapoff", 225), ("acct", 89),
            ("quotactl", 60), ("open_by_handle_at", 265), ("clone", 220), ("clone3", 435), ("prctl", 167)));

        /// <summary>The table of the architecture we run on; null where none is known.</summary>
        public static readonly Table? OfThisMachine = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => X64,
            Architecture.Arm64 => Arm64,
            _ => null,
        };

        private static Dictionary<string, uint> Numbered(params (string Name, uint Number)[] calls) => calls.ToDictionary(c => c.Name, c => c.Number);
    }

    /// <summary>Classic BPF with forward jumps to named labels, resolved when the program is written out.</summary>
    private sealed class Program
    {
        private const ushort LoadWordAbsolute = 0x20;
        private const ushort JumpEqual = 0x15;
        private const ushort JumpGreaterOrEqual = 0x35;
        private const ushort JumpAnyBit = 0x45;
        private const ushort ReturnConstant = 0x06;

        private readonly List<(ushort Code, string? OnTrue, string? OnFalse, uint K)> instructions = [];
        private readonly Dictionary<string, int> labels = [];

        public void Load(uint offset) => instructions.Add((LoadWordAbsolute, null, null, offset));

        public void JumpIfEqual(uint value, string? onTrue, string? onFalse) => instructions.Add((JumpEqual, onTrue, onFalse, value));

        public void JumpIfAtLeast(uint value, string? onTrue, string? onFalse) => instructions.Add((JumpGreaterOrEqual, onTrue, onFalse, value));

        public void JumpIfAnyBit(uint mask, string? onTrue, string? onFalse) => instructions.Add((JumpAnyBit, onTrue, onFalse, mask));

        public void Return(uint action) => instructions.Add((ReturnConstant, null, null, action));

        public void Label(string name) => labels.Add(name, instructions.Count);

        public byte[] ToBytes()
        {
            var bytes = new byte[instructions.Count * 8];
            for (var i = 0; i < instructions.Count; i++)
            {
                var (code, onTrue, onFalse, k) = instructions[i];
                var slot = bytes.AsSpan(i * 8, 8);
                BinaryPrimitives.WriteUInt16LittleEndian(slot, code);
                slot[2] = Offset(i, onTrue);
                slot[3] = Offset(i, onFalse);
                BinaryPrimitives.WriteUInt32LittleEndian(slot[4..], k);
            }

            return bytes;
        }

        /// <summary>A jump counts the instructions it skips; none (null) falls through.</summary>
        private byte Offset(int from, string? label) => label is null ? (byte)0 : checked((byte)(labels[label] - from - 1));
    }
}

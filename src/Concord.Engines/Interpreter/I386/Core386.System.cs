using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter.I386;

/// <summary>
/// System instructions: descriptor tables (LGDT LIDT LLDT LTR and the stores), LMSW/SMSW, CLTS,
/// MOV to and from CR0-CR3, DR0-DR7, TR6/TR7, and the segment tests LAR LSL VERR VERW.
/// </summary>
internal sealed unsafe partial class Core386
{
    /// <summary>0Fh 00h: SLDT STR LLDT LTR VERR VERW; protected mode only (#UD in real and V86 mode).</summary>
    private void Group6()
    {
        if (RealAddressing)
        {
            Ud();
            return;
        }
        switch (_insn.Reg)
        {
            case 0: StoreSelector(_seg[LdtrIndex].Selector); break;
            case 1: StoreSelector(_seg[TrIndex].Selector); break;
            case 2: LoadLdt(); break;
            case 3: LoadTaskRegister(); break;
            case 4: Verify(write: false); break;
            case 5: Verify(write: true); break;
            default: Ud(); break;
        }
    }

    private void StoreSelector(ushort selector)
    {
        if (_insn.IsMemory) Write<Size16>(_insn.Segment, _ea, selector);
        else if (_insn.Operand32) _r[_insn.Rm] = selector;
        else SetReg<Size16>(_insn.Rm, selector);
    }

    private void LoadLdt()
    {
        if (_cpl != 0)
        {
            Gp(0);
            return;
        }
        ushort selector = (ushort)ReadRm<Size16>();
        if (Faulted) return;
        SegmentRegister* ldtr = _seg + LdtrIndex;
        uint code = selector & 0xFFFCu;
        if (code == 0)
        {
            ldtr->Selector = selector;
            ldtr->Base = 0;
            ldtr->Limit = 0;
            ldtr->Attributes = 0;
            return;
        }
        if ((selector & 4) != 0 || !FetchDescriptor(selector, out Descriptor d))
        {
            if (!Faulted) Gp(code);
            return;
        }
        if (d.IsSegment || d.Type != Descriptor.Ldt)
        {
            Gp(code);
            return;
        }
        if (!d.Present)
        {
            Np(code);
            return;
        }
        ldtr->Selector = selector;
        ldtr->Base = d.Base;
        ldtr->Limit = d.Limit;
        ldtr->Attributes = d.Attributes;
    }

    private void LoadTaskRegister()
    {
        if (_cpl != 0)
        {
            Gp(0);
            return;
        }
        ushort selector = (ushort)ReadRm<Size16>();
        if (Faulted) return;
        uint code = selector & 0xFFFCu;
        if (code == 0)
        {
            Gp(0);
            return;
        }
        if (!FetchAvailableTss(selector, out Descriptor d)) return;
        SetBusy(selector, busy: true);
        if (Faulted) return;
        SegmentRegister* tr = _seg + TrIndex;
        tr->Selector = selector;
        tr->Base = d.Base;
        tr->Limit = d.Limit;
        tr->Attributes = (ushort)(d.Attributes | 2);
    }

    /// <summary>
    /// The descriptor a selector names, if the current privilege may see it (LAR, LSL, VERR,
    /// VERW): not null, within its table; for data, non-conforming code and system descriptors
    /// DPL ≥ CPL and DPL ≥ RPL.
    /// </summary>
    private bool VisibleDescriptor(ushort selector, out Descriptor d)
    {
        d = default;
        if ((selector & 0xFFFC) == 0 || !FetchDescriptor(selector, out d)) return false;
        bool conformingCode = d.IsCode && d.Conforming;
        return conformingCode || (d.Dpl >= _cpl && d.Dpl >= (selector & 3));
    }

    private void Verify(bool write)
    {
        ushort selector = (ushort)ReadRm<Size16>();
        if (Faulted) return;
        bool ok = VisibleDescriptor(selector, out Descriptor d) && d.IsSegment &&
                  (write ? d.IsData && d.ReadWrite : d.IsData || d.ReadWrite);
        if (Faulted) return;
        _flags = ok ? _flags | ZF : _flags & ~ZF;
    }

    /// <summary>LAR: the access rights (the descriptor's second doubleword masked to 00FFFF00h) of a visible segment or system descriptor.</summary>
    private void LoadAccessRights() => LoadFromDescriptor(accessRights: true);

    /// <summary>LSL: the limit in bytes of a visible segment, TSS or LDT.</summary>
    private void LoadSegmentLimit() => LoadFromDescriptor(accessRights: false);

    /// <summary>
    /// LAR and LSL: ZF set and the value loaded when the selector names a descriptor the current
    /// privilege may see and of a type the instruction takes (LAR also takes call and task gates);
    /// else ZF clear. Protected mode only.
    /// </summary>
    private void LoadFromDescriptor(bool accessRights)
    {
        if (RealAddressing)
        {
            Ud();
            return;
        }
        ushort selector = (ushort)ReadRm<Size16>();
        if (Faulted) return;
        bool ok = VisibleDescriptor(selector, out Descriptor d) &&
                  (d.IsSegment || d.Type is Descriptor.Tss286Available or Descriptor.Ldt or Descriptor.Tss286Busy or
                       Descriptor.Tss386Available or Descriptor.Tss386Busy ||
                   accessRights && d.Type is Descriptor.CallGate286 or Descriptor.TaskGate or Descriptor.CallGate386);
        if (Faulted) return;
        if (!ok)
        {
            _flags &= ~ZF;
            return;
        }
        _flags |= ZF;
        uint value = accessRights ? d.High & (_insn.Operand32 ? 0x00FF_FF00u : 0xFF00u) : d.Limit;
        if (_insn.Operand32) _r[_insn.Reg] = value;
        else SetReg<Size16>(_insn.Reg, value);
    }

    /// <summary>0Fh 01h: SGDT SIDT LGDT LIDT SMSW LMSW.</summary>
    private void Group7()
    {
        int operation = _insn.Reg;
        switch (operation)
        {
            case 0: case 1:
                {
                    if (!_insn.IsMemory) { Ud(); return; }
                    // The 386 stores the whole 32-bit base whatever the operand size.
                    (uint limit, uint tableBase) = operation == 0 ? (_gdtLimit, _gdtBase) : (_idtLimit, _idtBase);
                    Write<Size16>(_insn.Segment, _ea, limit);
                    Write<Size32>(_insn.Segment, AddressPlus(2), tableBase);
                    break;
                }
            case 2: case 3:
                {
                    if (!_insn.IsMemory) { Ud(); return; }
                    if (_cpl != 0) { Gp(0); return; }
                    uint limit = Read<Size16>(_insn.Segment, _ea);
                    uint tableBase = Read<Size32>(_insn.Segment, AddressPlus(2));
                    if (Faulted) return;
                    if (!_insn.Operand32) tableBase &= 0x00FF_FFFF; // a 16-bit operand loads 24 bits of base
                    if (operation == 2) (_gdtLimit, _gdtBase) = (limit, tableBase);
                    else (_idtLimit, _idtBase) = (limit, tableBase);
                    break;
                }
            case 4:
                if (_insn.IsMemory) Write<Size16>(_insn.Segment, _ea, _cr0 & 0xFFFF);
                else if (_insn.Operand32) _r[_insn.Rm] = _cr0;
                else SetReg<Size16>(_insn.Rm, _cr0);
                break;
            case 6:
                {
                    if (_cpl != 0) { Gp(0); return; }
                    uint v = ReadRm<Size16>();
                    if (Faulted) return;
                    // LMSW sets PE, MP, EM, TS; it cannot clear PE.
                    WriteCr0((_cr0 & ~0xEu) | (v & 0xF) | (_cr0 & Cr0Pe));
                    break;
                }
            default:
                Ud();
                break;
        }
    }

    private uint AddressPlus(uint bytes) => _insn.Address32 ? _ea + bytes : (_ea + bytes) & 0xFFFF;

    private void Clts()
    {
        if (_cpl != 0)
        {
            Gp(0);
            return;
        }
        _cr0 &= ~Cr0Ts;
    }

    /// <summary>
    /// 0Fh 20h-26h: MOV between a 32-bit register (the r/m field, whatever mod says) and CR0,
    /// CR2, CR3, DR0-DR7 (DR4/DR5 are DR6/DR7) or TR6/TR7. Privilege 0 only: #GP(0) in V86 mode
    /// and at CPL &gt; 0; other register numbers are #UD.
    /// </summary>
    private void MoveSystemRegister(int op)
    {
        int n = _insn.Reg;
        bool valid = op switch
        {
            0x20 or 0x22 => n is 0 or 2 or 3,
            0x21 or 0x23 => true,
            _ => n is 6 or 7,
        };
        if (!valid)
        {
            Ud();
            return;
        }
        if (_cpl != 0)
        {
            Gp(0);
            return;
        }
        int rm = _insn.Rm;
        switch (op)
        {
            case 0x20: _r[rm] = n switch { 0 => _cr0, 2 => _cr2, _ => _cr3 }; break;
            case 0x22:
                {
                    uint v = _r[rm];
                    if (n == 0) WriteCr0(v);
                    else if (n == 2) _cr2 = v;
                    else
                    {
                        _cr3 = v & 0xFFFF_F000;
                        FlushTlb();
                    }
                    break;
                }
            case 0x21:
                _r[rm] = n switch
                {
                    0 => _dr0, 1 => _dr1, 2 => _dr2, 3 => _dr3,
                    4 or 6 => _dr6, _ => _dr7,
                };
                break;
            case 0x23:
                {
                    uint v = _r[rm];
                    switch (n)
                    {
                        case 0: _dr0 = v; break;
                        case 1: _dr1 = v; break;
                        case 2: _dr2 = v; break;
                        case 3: _dr3 = v; break;
                        case 4: case 6: _dr6 = v; break;
                        default: _dr7 = v; break;
                    }
                    break;
                }
            case 0x24: _r[rm] = n == 6 ? _tr6 : _tr7; break;
            default:
                if (n == 6) _tr6 = _r[rm];
                else _tr7 = _r[rm];
                break;
        }
    }

    /// <summary>
    /// CR0: PE, MP, EM, TS and PG are kept (ET reads 1); PG without PE is #GP(0). Switching PE or PG
    /// flushes the TLB; switching PE changes how the segment caches are checked.
    /// </summary>
    private void WriteCr0(uint value)
    {
        value = (value & (Cr0Pe | Cr0Mp | Cr0Em | Cr0Ts | Cr0Pg)) | Cr0Et;
        if ((value & Cr0Pg) != 0 && (value & Cr0Pe) == 0)
        {
            Gp(0);
            return;
        }
        uint changed = _cr0 ^ value;
        _cr0 = value;
        if ((changed & (Cr0Pe | Cr0Pg)) != 0) FlushTlb();
        if ((changed & Cr0Pe) != 0)
        {
            if ((value & Cr0Pe) == 0) SetCpl(0);
            RefreshAllAccess();
        }
    }
}

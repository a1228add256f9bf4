#!/usr/bin/env python3
"""Measures three ways of backing up a WAL SQLite database while another connection keeps
writing: the online backup API in one step, the same in steps of 100 pages, and VACUUM INTO.
Prints time taken, writes done meanwhile and the longest write. Run: python3 scripts/measure-backup.py
(makes a 117 MB database in /tmp)."""
import sqlite3, threading, time, os
db='/tmp/m.db'
c=sqlite3.connect(db); c.execute('pragma journal_mode=wal')
c.execute('create table t(id integer primary key, body blob)')
c.executemany('insert into t(body) values(randomblob(?))' , [(2000,)]*0)
c.execute("with recursive n(i) as (select 1 union all select i+1 from n where i<60000) insert into t(body) select randomblob(2000) from n")
c.commit(); c.close()
print('db MB', os.path.getsize(db)//2**20)
def run(label, fn):
    stop=False; n=[0]; lat=[0.0]
    def writer():
        w=sqlite3.connect(db, timeout=30)
        while not stop:
            t=time.time(); w.execute('insert into t(body) values(randomblob(2000))'); w.commit(); n[0]+=1; lat[0]=max(lat[0], time.time()-t)
        w.close()
    th=threading.Thread(target=writer); th.start(); time.sleep(0.3)
    n0=n[0]; t=time.time(); ok=fn(); dt=time.time()-t
    stop=True; th.join()
    print(f'{label}: {dt:.2f}s, result {ok}, writes during {n[0]-n0}, max write latency {lat[0]*1000:.0f} ms')
def api(pages):
    def f():
        out=f'/tmp/mb{pages}.db'
        if os.path.exists(out): os.remove(out)
        s=sqlite3.connect(db); d=sqlite3.connect(out); steps=[0]
        t0=time.time()
        def prog(status, remaining, total):
            steps[0]+=1
        try:
            s.backup(d, pages=pages, progress=prog, sleep=0.0)
        except Exception as e: return 'error '+str(e)
        d.close(); s.close()
        return f'steps {steps[0]}'
    return f
def vac():
    out='/tmp/mbv.db'
    if os.path.exists(out): os.remove(out)
    s=sqlite3.connect(db); s.execute(f"vacuum into '{out}'"); s.close(); return 'ok'
run('backup API one step (-1)', api(-1))
run('backup API 100 pages/step', api(100))
run('VACUUM INTO', vac)

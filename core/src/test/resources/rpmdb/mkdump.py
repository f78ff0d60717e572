"""Writes rpm's Packages records from an rpmdb.sqlite as a db_dump "bytevalue" file for db_load.

usage: python3 mkdump.py rpmdb.sqlite PAGESIZE [1234|4321] > packages.dump

key = the header instance (uint32 in the file's byte order, 1234 little-endian by default),
value = the header blob; key 0 holds the next free instance, as rpm's BerkeleyDB backend kept it.
"""
import sqlite3
import struct
import sys

pagesize = sys.argv[2]
lorder = sys.argv[3] if len(sys.argv) > 3 else "1234"
fmt = "<I" if lorder == "1234" else ">I"
con = sqlite3.connect(sys.argv[1])
rows = con.execute("select hnum, blob from Packages order by hnum").fetchall()
print("VERSION=3\nformat=bytevalue\ntype=hash\ndb_pagesize=%s\ndb_lorder=%s\nHEADER=END"
      % (pagesize, lorder))
print(" " + struct.pack(fmt, 0).hex())
print(" " + struct.pack(fmt, max(r[0] for r in rows) + 1).hex())
for hnum, blob in rows:
    print(" " + struct.pack(fmt, hnum).hex())
    print(" " + bytes(blob).hex())
print("DATA=END")

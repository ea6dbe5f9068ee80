const recs = [];
for (let i=0;i<100000;i++){ const d={}; for (let k=0;k<25;k++) d['field_'+((k*7)%25)]='value "'+i+'\\ '+k; recs.push(d);}
function flat(v){ const keys=Object.keys(v); for (const k of keys){ const x=v[k]; if (x!==null && typeof x==='object') return null;} return JSON.stringify(v, keys.sort()); }
for (let r=0;r<3;r++){
let t=Date.now(); for (const d of recs) flat(d); console.log('flat replacer', Date.now()-t,'ms');
t=Date.now(); for (const d of recs) JSON.stringify(d); console.log('stringify', Date.now()-t,'ms');
t=Date.now(); for (const d of recs) { const o={}; for (const k of Object.keys(d).sort()) o[k]=d[k]; JSON.stringify(o);} console.log('copy', Date.now()-t,'ms');
}

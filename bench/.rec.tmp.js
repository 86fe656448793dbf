require("@pulumi/pulumi");require("@pulumi/kubernetes");
const load=require("../bin/config/load");const {validateStackFiles}=require("../bin/config/validate");
const {recordStack}=require("../bin/engine/stack");const {evaluateResources}=require("../bin/engine/evaluate");require("../bin/policies/policies");
const v=validateStackFiles(load.readProjectStackFiles(".."));
const {Session}=require("inspector");const s=new Session();s.connect();
s.post("Profiler.enable",()=>s.post("Profiler.start",async()=>{
 const t=Date.now();const res=await recordStack(v.results.find(r=>r.valid.stack==="apps").valid.config);console.error("record",Date.now()-t);
 const t2=Date.now();await evaluateResources("apps",res,{});console.error("judge",Date.now()-t2);
 s.post("Profiler.stop",(e,{profile})=>{require("fs").writeFileSync("/tmp/rec.cpuprofile",JSON.stringify(profile));});
}));

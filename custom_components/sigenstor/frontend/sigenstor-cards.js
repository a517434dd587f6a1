var e=globalThis,t=e.ShadowRoot&&(e.ShadyCSS===void 0||e.ShadyCSS.nativeShadow)&&`adoptedStyleSheets`in Document.prototype&&`replace`in CSSStyleSheet.prototype,n=Symbol(),r=/* @__PURE__ */ new WeakMap,i=class{constructor(e,t,r){if(this._$cssResult$=!0,r!==n)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,n=this.t;if(t&&e===void 0){let t=n!==void 0&&n.length===1;t&&(e=r.get(n)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),t&&r.set(n,e))}return e}toString(){return this.cssText}},a=e=>new i(typeof e==`string`?e:e+``,void 0,n),o=(e,...t)=>new i(e.length===1?e[0]:t.reduce((t,n,r)=>t+(e=>{if(!0===e._$cssResult$)return e.cssText;if(typeof e==`number`)return e;throw Error(`Value passed to 'css' function must be a 'css' function result: `+e+`. Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.`)})(n)+e[r+1],e[0]),e,n),s=(n,r)=>{if(t)n.adoptedStyleSheets=r.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let t of r){let r=document.createElement(`style`),i=e.litNonce;i!==void 0&&r.setAttribute(`nonce`,i),r.textContent=t.cssText,n.appendChild(r)}},c=t?e=>e:e=>e instanceof CSSStyleSheet?(e=>{let t=``;for(let n of e.cssRules)t+=n.cssText;return a(t)})(e):e,{is:l,defineProperty:u,getOwnPropertyDescriptor:d,getOwnPropertyNames:f,getOwnPropertySymbols:p,getPrototypeOf:ee}=Object,m=globalThis,h=m.trustedTypes,te=h?h.emptyScript:``,ne=m.reactiveElementPolyfillSupport,g=(e,t)=>e,_={toAttribute(e,t){switch(t){case Boolean:e=e?te:null;break;case Object:case Array:e=e==null?e:JSON.stringify(e)}return e},fromAttribute(e,t){let n=e;switch(t){case Boolean:n=e!==null;break;case Number:n=e===null?null:Number(e);break;case Object:case Array:try{n=JSON.parse(e)}catch{n=null}}return n}},v=(e,t)=>!l(e,t),y={attribute:!0,type:String,converter:_,reflect:!1,useDefault:!1,hasChanged:v};Symbol.metadata??=Symbol(`metadata`),m.litPropertyMetadata??=/* @__PURE__ */ new WeakMap;var b=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=y){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let n=Symbol(),r=this.getPropertyDescriptor(e,n,t);r!==void 0&&u(this.prototype,e,r)}}static getPropertyDescriptor(e,t,n){let{get:r,set:i}=d(this.prototype,e)??{get(){return this[t]},set(e){this[t]=e}};return{get:r,set(t){let a=r?.call(this);i?.call(this,t),this.requestUpdate(e,a,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??y}static _$Ei(){if(this.hasOwnProperty(g(`elementProperties`)))return;let e=ee(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(g(`finalized`)))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(g(`properties`))){let e=this.properties,t=[...f(e),...p(e)];for(let n of t)this.createProperty(n,e[n])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[e,n]of t)this.elementProperties.set(e,n)}this._$Eh=/* @__PURE__ */ new Map;for(let[e,t]of this.elementProperties){let n=this._$Eu(e,t);n!==void 0&&this._$Eh.set(n,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let n=new Set(e.flat(1/0).reverse());for(let e of n)t.unshift(c(e))}else e!==void 0&&t.push(c(e));return t}static _$Eu(e,t){let n=t.attribute;return!1===n?void 0:typeof n==`string`?n:typeof e==`string`?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=/* @__PURE__ */ new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=/* @__PURE__ */ new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=/* @__PURE__ */ new Map,t=this.constructor.elementProperties;for(let n of t.keys())this.hasOwnProperty(n)&&(e.set(n,this[n]),delete this[n]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return s(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,n){this._$AK(e,n)}_$ET(e,t){let n=this.constructor.elementProperties.get(e),r=this.constructor._$Eu(e,n);if(r!==void 0&&!0===n.reflect){let i=(n.converter?.toAttribute===void 0?_:n.converter).toAttribute(t,n.type);this._$Em=e,i==null?this.removeAttribute(r):this.setAttribute(r,i),this._$Em=null}}_$AK(e,t){let n=this.constructor,r=n._$Eh.get(e);if(r!==void 0&&this._$Em!==r){let e=n.getPropertyOptions(r),i=typeof e.converter==`function`?{fromAttribute:e.converter}:e.converter?.fromAttribute===void 0?_:e.converter;this._$Em=r;let a=i.fromAttribute(t,e.type);this[r]=a??this._$Ej?.get(r)??a,this._$Em=null}}requestUpdate(e,t,n,r=!1,i){if(e!==void 0){let a=this.constructor;if(!1===r&&(i=this[e]),n??=a.getPropertyOptions(e),!((n.hasChanged??v)(i,t)||n.useDefault&&n.reflect&&i===this._$Ej?.get(e)&&!this.hasAttribute(a._$Eu(e,n))))return;this.C(e,t,n)}!1===this.isUpdatePending&&(this._$ES=this._$EP())}C(e,t,{useDefault:n,reflect:r,wrapped:i},a){n&&!(this._$Ej??=/* @__PURE__ */ new Map).has(e)&&(this._$Ej.set(e,a??t??this[e]),!0!==i||a!==void 0)||(this._$AL.has(e)||(this.hasUpdated||n||(t=void 0),this._$AL.set(e,t)),!0===r&&this._$Em!==e&&(this._$Eq??=/* @__PURE__ */ new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[e,t]of this._$Ep)this[e]=t;this._$Ep=void 0}let e=this.constructor.elementProperties;if(e.size>0)for(let[t,n]of e){let{wrapped:e}=n,r=this[t];!0!==e||this._$AL.has(t)||r===void 0||this.C(t,void 0,n,r)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(e=>e.hostUpdate?.()),this.update(t)):this._$EM()}catch(t){throw e=!1,this._$EM(),t}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=/* @__PURE__ */ new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(e){}firstUpdated(e){}};b.elementStyles=[],b.shadowRootOptions={mode:`open`},b[g(`elementProperties`)]=/* @__PURE__ */ new Map,b[g(`finalized`)]=/* @__PURE__ */ new Map,ne?.({ReactiveElement:b}),(m.reactiveElementVersions??=[]).push(`2.1.2`);var x=globalThis,re=e=>e,S=x.trustedTypes,C=S?S.createPolicy(`lit-html`,{createHTML:e=>e}):void 0,ie=`$lit$`,w=`lit$${Math.random().toFixed(9).slice(2)}$`,ae=`?`+w,oe=`<${ae}>`,T=document,E=()=>T.createComment(``),D=e=>e===null||typeof e!=`object`&&typeof e!=`function`,se=Array.isArray,ce=e=>se(e)||typeof e?.[Symbol.iterator]==`function`,le=`[ 	
\f\r]`,O=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,ue=/-->/g,de=/>/g,k=RegExp(`>|${le}(?:([^\\s"'>=/]+)(${le}*=${le}*(?:[^ \t\n\f\r"'\`<>=]|("|')|))|$)`,`g`),fe=/'/g,pe=/"/g,me=/^(?:script|style|textarea|title)$/i,he=e=>(t,...n)=>({_$litType$:e,strings:t,values:n}),A=he(1),j=he(2),M=Symbol.for(`lit-noChange`),N=Symbol.for(`lit-nothing`),ge=/* @__PURE__ */ new WeakMap,P=T.createTreeWalker(T,129);function _e(e,t){if(!se(e)||!e.hasOwnProperty(`raw`))throw Error(`invalid template strings array`);return C===void 0?t:C.createHTML(t)}var ve=(e,t)=>{let n=e.length-1,r=[],i,a=t===2?`<svg>`:t===3?`<math>`:``,o=O;for(let t=0;t<n;t++){let n=e[t],s,c,l=-1,u=0;for(;u<n.length&&(o.lastIndex=u,c=o.exec(n),c!==null);)u=o.lastIndex,o===O?c[1]===`!--`?o=ue:c[1]===void 0?c[2]===void 0?c[3]!==void 0&&(o=k):(me.test(c[2])&&(i=RegExp(`</`+c[2],`g`)),o=k):o=de:o===k?c[0]===`>`?(o=i??O,l=-1):c[1]===void 0?l=-2:(l=o.lastIndex-c[2].length,s=c[1],o=c[3]===void 0?k:c[3]===`"`?pe:fe):o===pe||o===fe?o=k:o===ue||o===de?o=O:(o=k,i=void 0);let d=o===k&&e[t+1].startsWith(`/>`)?` `:``;a+=o===O?n+oe:l>=0?(r.push(s),n.slice(0,l)+ie+n.slice(l)+w+d):n+w+(l===-2?t:d)}return[_e(e,a+(e[n]||`<?>`)+(t===2?`</svg>`:t===3?`</math>`:``)),r]},ye=class e{constructor({strings:t,_$litType$:n},r){let i;this.parts=[];let a=0,o=0,s=t.length-1,c=this.parts,[l,u]=ve(t,n);if(this.el=e.createElement(l,r),P.currentNode=this.el.content,n===2||n===3){let e=this.el.content.firstChild;e.replaceWith(...e.childNodes)}for(;(i=P.nextNode())!==null&&c.length<s;){if(i.nodeType===1){if(i.hasAttributes())for(let e of i.getAttributeNames())if(e.endsWith(ie)){let t=u[o++],n=i.getAttribute(e).split(w),r=/([.?@])?(.*)/.exec(t);c.push({type:1,index:a,name:r[2],strings:n,ctor:r[1]===`.`?Ce:r[1]===`?`?we:r[1]===`@`?Te:Se}),i.removeAttribute(e)}else e.startsWith(w)&&(c.push({type:6,index:a}),i.removeAttribute(e));if(me.test(i.tagName)){let e=i.textContent.split(w),t=e.length-1;if(t>0){i.textContent=S?S.emptyScript:``;for(let n=0;n<t;n++)i.append(e[n],E()),P.nextNode(),c.push({type:2,index:++a});i.append(e[t],E())}}}else if(i.nodeType===8){if(i.data===ae)c.push({type:2,index:a});else{let e=-1;for(;(e=i.data.indexOf(w,e+1))!==-1;)c.push({type:7,index:a}),e+=w.length-1}}a++}}static createElement(e,t){let n=T.createElement(`template`);return n.innerHTML=e,n}};function F(e,t,n=e,r){if(t===M)return t;let i=r===void 0?n._$Cl:n._$Co?.[r],a=D(t)?void 0:t._$litDirective$;return i?.constructor!==a&&(i?._$AO?.(!1),a===void 0?i=void 0:(i=new a(e),i._$AT(e,n,r)),r===void 0?n._$Cl=i:(n._$Co??=[])[r]=i),i!==void 0&&(t=F(e,i._$AS(e,t.values),i,r)),t}var be=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:n}=this._$AD,r=(e?.creationScope??T).importNode(t,!0);P.currentNode=r;let i=P.nextNode(),a=0,o=0,s=n[0];for(;s!==void 0;){if(a===s.index){let t;s.type===2?t=new xe(i,i.nextSibling,this,e):s.type===1?t=new s.ctor(i,s.name,s.strings,this,e):s.type===6&&(t=new Ee(i,this,e)),this._$AV.push(t),s=n[++o]}a!==s?.index&&(i=P.nextNode(),a++)}return P.currentNode=T,r}p(e){let t=0;for(let n of this._$AV)n!==void 0&&(n.strings===void 0?n._$AI(e[t]):(n._$AI(e,n,t),t+=n.strings.length-2)),t++}},xe=class e{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,n,r){this.type=2,this._$AH=N,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=n,this.options=r,this._$Cv=r?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=F(this,e,t),D(e)?e===N||e==null||e===``?(this._$AH!==N&&this._$AR(),this._$AH=N):e!==this._$AH&&e!==M&&this._(e):e._$litType$===void 0?e.nodeType===void 0?ce(e)?this.k(e):this._(e):this.T(e):this.$(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==N&&D(this._$AH)?this._$AA.nextSibling.data=e:this.T(T.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:n}=e,r=typeof n==`number`?this._$AC(e):(n.el===void 0&&(n.el=ye.createElement(_e(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===r)this._$AH.p(t);else{let e=new be(r,this),n=e.u(this.options);e.p(t),this.T(n),this._$AH=e}}_$AC(e){let t=ge.get(e.strings);return t===void 0&&ge.set(e.strings,t=new ye(e)),t}k(t){se(this._$AH)||(this._$AH=[],this._$AR());let n=this._$AH,r,i=0;for(let a of t)i===n.length?n.push(r=new e(this.O(E()),this.O(E()),this,this.options)):r=n[i],r._$AI(a),i++;i<n.length&&(this._$AR(r&&r._$AB.nextSibling,i),n.length=i)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let t=re(e).nextSibling;re(e).remove(),e=t}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},Se=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,n,r,i){this.type=1,this._$AH=N,this._$AN=void 0,this.element=e,this.name=t,this._$AM=r,this.options=i,n.length>2||n[0]!==``||n[1]!==``?(this._$AH=Array(n.length-1).fill(/* @__PURE__ */ new String),this.strings=n):this._$AH=N}_$AI(e,t=this,n,r){let i=this.strings,a=!1;if(i===void 0)e=F(this,e,t,0),a=!D(e)||e!==this._$AH&&e!==M,a&&(this._$AH=e);else{let r=e,o,s;for(e=i[0],o=0;o<i.length-1;o++)s=F(this,r[n+o],t,o),s===M&&(s=this._$AH[o]),a||=!D(s)||s!==this._$AH[o],s===N?e=N:e!==N&&(e+=(s??``)+i[o+1]),this._$AH[o]=s}a&&!r&&this.j(e)}j(e){e===N?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??``)}},Ce=class extends Se{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===N?void 0:e}},we=class extends Se{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==N)}},Te=class extends Se{constructor(e,t,n,r,i){super(e,t,n,r,i),this.type=5}_$AI(e,t=this){if((e=F(this,e,t,0)??N)===M)return;let n=this._$AH,r=e===N&&n!==N||e.capture!==n.capture||e.once!==n.once||e.passive!==n.passive,i=e!==N&&(n===N||r);r&&this.element.removeEventListener(this.name,this,n),i&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH==`function`?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},Ee=class{constructor(e,t,n){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(e){F(this,e)}},De=x.litHtmlPolyfillSupport;De?.(ye,xe),(x.litHtmlVersions??=[]).push(`3.3.3`);var Oe=(e,t,n)=>{let r=n?.renderBefore??t,i=r._$litPart$;if(i===void 0){let e=n?.renderBefore??null;r._$litPart$=i=new xe(t.insertBefore(E(),e),e,void 0,n??{})}return i._$AI(e),i},ke=globalThis,I=class extends b{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=Oe(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return M}};I._$litElement$=!0,I.finalized=!0,ke.litElementHydrateSupport?.({LitElement:I});var Ae=ke.litElementPolyfillSupport;Ae?.({LitElement:I}),(ke.litElementVersions??=[]).push(`4.2.2`);var je=`sigenstor`;function Me(e,t,n,r){let i=e?.entities;if(!i)return;let a;for(let e of Object.values(i))if(e&&e.platform===`sigenstor`&&e.translation_key===t&&(!n||e.entity_id.startsWith(`${n}.`))){if(!r||e.device_id===r)return e.entity_id;a??=e.entity_id}return a}function L(e){if(!e)return null;let t=e.state;if(t===``||t===`unknown`||t===`unavailable`)return null;let n=Number(t);return Number.isFinite(n)?n:null}function R(e){if(!e)return null;let t=e.state;return t===``||t===`unknown`||t===`unavailable`?null:t}function Ne(e){return e?.state===`on`}function Pe(e){let t=e?.attributes.unit_of_measurement;return typeof t==`string`?t:void 0}function Fe(e){let t=L(e);if(t===null)return null;let n=Pe(e);return n===`W`?t/1e3:n===`MW`?t*1e3:t}var Ie=/* @__PURE__ */ new WeakMap;async function Le(e){let t=e.connection,n=Ie.get(t);return n||(n=e.callWS({type:`config_entries/get`,domain:je}).then(e=>Array.isArray(e)?e:[]),n.catch(()=>Ie.delete(t)),Ie.set(t,n)),[...await n].sort((e,t)=>Number(t.state===`loaded`)-Number(e.state===`loaded`))}async function Re(e,t){return typeof t==`string`&&t?t:(await Le(e))[0]?.entry_id}async function ze(e,t,n){let r=await e.connection.sendMessagePromise({type:`call_service`,domain:je,service:t,service_data:n,return_response:!0});if(!r||typeof r!=`object`||!(`response`in r))throw Error(`${t}: no response data`);return r.response}async function Be(e,t,n){await e.callService(je,t,n)}function Ve(e){if(e instanceof Error)return e.message;if(e&&typeof e==`object`&&`message`in e){let t=e.message;if(typeof t==`string`)return t}return String(e)}function z(e,t,n){let r=e[t.key];if(r==null||r===``)return t.def;let i=typeof r==`number`?r:Number(r);return Number.isFinite(i)&&i>=t.min&&i<=t.max&&(!t.integer||Number.isInteger(i))?i:(n.push(`${t.key}: ${String(r)} is not between ${t.min} and ${t.max}; using ${t.def}`),t.def)}function He(e,t){let n=e[t];return typeof n==`string`&&n.trim()?n.trim():void 0}function Ue(e,t,n,r){let i=e[t];return i==null?n:typeof i==`boolean`?i:(r.push(`${t}: expected true or false; using ${n}`),n)}function We(e){if(!e||typeof e!=`object`||Array.isArray(e))throw Error(`Invalid configuration: expected a mapping`);return e}function Ge(e,t){return{type:He(e,`type`)??t,title:He(e,`title`),device_id:He(e,`device_id`),entry_id:He(e,`entry_id`)}}function Ke(e){let t=We(e),n=[],r=t.charge_source;r!==void 0&&r!==`grid`&&r!==`pv`&&n.push(`charge_source: ${String(r)} is not grid or pv; using grid`);let i={...Ge(t,`custom:sigenstor-dashboard-card`),charge_power:z(t,{key:`charge_power`,def:3,min:.1,max:50},n),charge_target_soc:z(t,{key:`charge_target_soc`,def:90,min:1,max:100},n),charge_source:r===`pv`?`pv`:`grid`,export_power:z(t,{key:`export_power`,def:3,min:.1,max:50},n),export_floor_soc:z(t,{key:`export_floor_soc`,def:20,min:0,max:99},n),duration_minutes:z(t,{key:`duration_minutes`,def:60,min:0,max:1440,integer:!0},n),confirm:Ue(t,`confirm`,!0,n),show_controls:Ue(t,`show_controls`,!0,n),show_prices:Ue(t,`show_prices`,!0,n),show_energy:Ue(t,`show_energy`,!0,n),price_hours:z(t,{key:`price_hours`,def:6,min:1,max:24,integer:!0},n)};return i.export_floor_soc>=i.charge_target_soc&&n.push(`export_floor_soc is at or above charge_target_soc`),{config:i,warnings:n}}function qe(e){let t=We(e),n=[];return{config:{...Ge(t,`custom:sigenstor-plan-card`),hours_ahead:z(t,{key:`hours_ahead`,def:24,min:1,max:48,integer:!0},n),hours_back:z(t,{key:`hours_back`,def:6,min:0,max:24,integer:!0},n)},warnings:n}}function Je(e){return{config:Ge(We(e),`custom:sigenstor-schedule-card`),warnings:[]}}function Ye(e){return e>0?{duration:{hours:Math.floor(e/60),minutes:e%60}}:{}}function Xe(e){let t={type:e.type};for(let[n,r]of Object.entries(e))r!=null&&r!==``&&(t[n]=r);return t}var Ze=[`pv_energy`,`load_energy`,`grid_import_energy`,`grid_export_energy`,`battery_charge_energy`,`battery_discharge_energy`];function Qe(e){if(!e||typeof e!=`object`)return null;let t=e.change;return typeof t==`number`&&Number.isFinite(t)?Math.max(0,t):null}function $e(e,t=null){let n=t=>e[t]??null,r=n(`pv_energy`)??t,i=n(`grid_import_energy`),a=n(`grid_export_energy`),o=n(`battery_charge_energy`),s=n(`battery_discharge_energy`),c=n(`load_energy`);c===null&&r!==null&&i!==null&&a!==null&&o!==null&&s!==null&&(c=Math.max(0,r+i+s-a-o));let l=null;return c!==null&&i!==null&&c>0&&(l=Math.round(Math.min(100,Math.max(0,(1-i/c)*100)))),{pv:r,load:c,imported:i,exported:a,charged:o,discharged:s,selfSufficiency:l}}var et=.01,B=e=>e!==null&&Number.isFinite(e)&&e>0?e:0;function tt(e){return e.pv===null||e.battery===null||e.grid===null?null:Math.max(0,e.pv-e.battery+e.grid)}function nt(e){let t=(e.house!==null&&Number.isFinite(e.house)?Math.max(0,e.house):null)??tt(e),n=e.pv!==null&&e.battery!==null&&e.grid!==null,r=B(e.pv),i=B(e.battery),a=B(e.battery===null?null:-e.battery),o=B(e.grid),s=B(e.grid===null?null:-e.grid),c=t??0,l=Math.min(r,c);c-=l;let u=Math.min(a,c);c-=u;let d=Math.min(o,c),f=r-l,p=Math.min(f,i);f-=p;let ee=Math.min(o-d,i-p),m=Math.min(f,s),h=Math.min(a-u,s-m);return{flows:[{from:`solar`,to:`house`,kw:l},{from:`solar`,to:`battery`,kw:p},{from:`solar`,to:`grid`,kw:m},{from:`battery`,to:`house`,kw:u},{from:`battery`,to:`grid`,kw:h},{from:`grid`,to:`house`,kw:d},{from:`grid`,to:`battery`,kw:ee}].map(e=>({...e,kw:Math.max(0,V(e.kw))})).filter(e=>e.kw>=et).sort((e,t)=>t.kw-e.kw),house:t===null?null:V(t),complete:n}}function rt(e,t,n){let r=0;for(let i of e.flows)i.from===t&&i.to===n&&(r+=i.kw),i.from===n&&i.to===t&&(r-=i.kw);return V(r)}function it(e,t){return e<=0||t<=0?0:V(1.5+4.5*Math.sqrt(Math.min(e,t)/t))}function at(e,t){return e<=0||t<=0?0:V(4-Math.min(e,t)/t*3.4)}function V(e){return Math.round(e*1e3)/1e3}function ot(e){if(e==null||!Number.isFinite(e))return`—`;let t=Math.abs(e),n=t>=10?0:t>=1?1:2;return`${e.toFixed(n)} kW`}function st(e){return e==null||!Number.isFinite(e)?`—`:`${e.toFixed(1)} kWh`}function H(e){if(e==null||!Number.isFinite(e))return`—`;let t=e*100,n=Math.abs(t)>=100?t.toFixed(0):t.toFixed(1);return`${n===`-0.0`?`0.0`:n} c/kWh`}function ct(e){return e==null||!Number.isFinite(e)?`—`:`${e<0?`-`:``}$${Math.abs(e).toFixed(2)}`}function lt(e){if(e==null||!Number.isFinite(e))return`—`;if(e<1)return`< 1 min`;let t=Math.round(e),n=Math.floor(t/60),r=t%60;return n?`${n} h ${String(r).padStart(2,`0`)} min`:`${r} min`}function U(e){if(e==null||e===``)return`—`;let t=typeof e==`number`?e:Date.parse(e);if(!Number.isFinite(t))return`—`;let n=new Date(t);return`${String(n.getHours()).padStart(2,`0`)}:${String(n.getMinutes()).padStart(2,`0`)}`}function W(e){if(!e)return`—`;let t=e.replace(/_/g,` `);return t.charAt(0).toUpperCase()+t.slice(1)}function ut(e,t,n){if(e===null)return null;let r=Date.parse(t??``),i=Number.isFinite(r)?Math.max(0,(n-r)/6e4):0;return Math.max(0,e-i)}function dt(e,t){if(!Array.isArray(e))return[];let n=[];for(let r of e){if(!r||typeof r!=`object`)continue;let e=r[t],i=Date.parse(r.start_time??``),a=Date.parse(r.end_time??``);typeof e==`number`&&Number.isFinite(e)&&(!Number.isFinite(i)||!Number.isFinite(a)||a<=i||r.type!==`ActualInterval`&&n.push({start:i,end:a,value:e,spike:r.spike_status===`spike`}))}n.sort((e,t)=>e.end-e.start-(t.end-t.start)||e.start-t.start);let r=[];for(let e of n){let t=[e];for(let e of r)t=t.flatMap(t=>{if(e.end<=t.start||e.start>=t.end)return[t];let n=[];return t.start<e.start&&n.push({...t,end:e.start}),e.end<t.end&&n.push({...t,start:e.end}),n});r.push(...t)}return r.sort((e,t)=>e.start-t.start)}function ft(e,t,n=6){let r=t+n*36e5,i=e.filter(e=>e.end>t&&e.start<r),a=i.find(e=>e.start<=t&&t<e.end)??null;if(i.length===0)return{now:null,points:[],min:null,max:null,mean:null,trend:`unknown`};let o=i.map(e=>e.value),s=0,c=0;for(let e of i){let n=Math.min(e.end,r)-Math.max(e.start,t);s+=e.value*n,c+=n}let l=c>0?s/c:null,u=a?.value??null;return{now:u,points:i,min:Math.min(...o),max:Math.max(...o),mean:l,trend:pt(u,i,t)}}function pt(e,t,n){let r=t.filter(e=>e.start>n);if(e===null||r.length===0)return`unknown`;let i=r.reduce((e,t)=>e+t.value,0)/r.length;return i-e>.02?`rising`:e-i>.02?`falling`:`flat`}function mt(e,t,n,r,i,a,o){if(e.length===0||n<=t)return``;let s=o-a||1,c=e=>gt((Math.min(Math.max(e,t),n)-t)/(n-t)*r),l=e=>gt(i-(e-a)/s*i),u=``,d=null;for(let r of e){if(r.end<=t||r.start>=n)continue;let e=d===null||r.start>d?`M`:`L`;u+=`${e}${c(r.start)},${l(r.value)}L${c(r.end)},${l(r.value)}`,d=r.end}return u}function ht(e){let t=e.filter(e=>Number.isFinite(e));if(t.length===0)return[0,1];let n=Math.min(0,...t),r=Math.max(0,...t),i=(r-n||.1)*.1;return[n<0?n-i:0,r+i]}function gt(e){return Math.round(e*10)/10}var _t,G=class extends I{constructor(){super(),this.refreshMs=3e5,this._warnings=[],this._error=void 0}requestRefresh(){return this._inflight??=this.refresh().finally(()=>this._inflight=void 0),this._inflight}setConfig(e){let{config:t,warnings:n}=this.validate(e),r=t.entry_id!==this._config?.entry_id;this._config=t,this._warnings=n,r&&(this._entryId=void 0),this.isConnected&&this.hass&&this.requestRefresh()}connectedCallback(){super.connectedCallback(),this._timer??=setInterval(()=>void this.requestRefresh(),this.refreshMs),this.hass&&this._config&&this.requestRefresh()}disconnectedCallback(){super.disconnectedCallback(),this._timer&&clearInterval(this._timer),this._timer=void 0}willUpdate(e){e.has(`hass`)&&!e.get(`hass`)&&this.hass&&this._config&&this.isConnected&&this.requestRefresh()}eid(e,t){return Me(this.hass,e,t,this._config?.device_id)}ent(e,t){let n=this.eid(e,t);return n?this.hass?.states[n]:void 0}async entryId(){if(this.hass)return this._entryId??=await Re(this.hass,this._config?.entry_id),this._entryId}};_t=G,_t.properties={hass:{attribute:!1},_config:{state:!0},_warnings:{state:!0},_error:{state:!0}};var vt,yt={name:`title`,selector:{text:{}}},bt={name:`device_id`,selector:{device:{filter:{integration:`sigenstor`}}}},xt={name:`entry_id`,selector:{config_entry:{integration:`sigenstor`}}},K=(e,t,n,r,i)=>({name:e,selector:{number:{min:t,max:n,step:r,unit_of_measurement:i,mode:`box`}}}),St=e=>({name:e,selector:{boolean:{}}}),q=(...e)=>({name:``,type:`grid`,schema:e}),Ct=[yt,q(bt,xt),q(K(`charge_power`,.1,50,.1,`kW`),K(`charge_target_soc`,1,100,1,`%`),{name:`charge_source`,selector:{select:{mode:`dropdown`,options:[`grid`,`pv`]}}},K(`export_power`,.1,50,.1,`kW`),K(`export_floor_soc`,0,99,1,`%`),K(`duration_minutes`,0,1440,5,`min`),K(`price_hours`,1,24,1,`h`)),q(St(`confirm`),St(`show_controls`),St(`show_prices`),St(`show_energy`))],wt=[yt,q(bt,xt),q(K(`hours_ahead`,1,48,1,`h`),K(`hours_back`,0,24,1,`h`))],Tt=[yt,q(bt,xt)],Et={title:`Title`,device_id:`Plant device (optional)`,entry_id:`Config entry (optional)`,charge_power:`Force charge power`,charge_target_soc:`Charge to SoC`,charge_source:`Charge from`,export_power:`Force export power`,export_floor_soc:`Export down to SoC`,duration_minutes:`Duration (0 = until cleared)`,price_hours:`Price trend hours`,confirm:`Ask before forcing`,show_controls:`Show control buttons`,show_prices:`Show prices`,show_energy:`Show today's energy`,hours_ahead:`Hours ahead`,hours_back:`Hours back (history)`};async function Dt(){if(!customElements.get(`ha-form`))try{let e=window.loadCardHelpers;if(!e)return;await(await e()).createCardElement({type:`entities`,entities:[]}).constructor.getConfigElement?.()}catch{}}var Ot=class extends I{constructor(...e){super(...e),this.schema=[],this.hint=``}setConfig(e){this._config=e}render(){return this._config?A`<ha-form
        .hass=${this.hass}
        .data=${this._config}
        .schema=${this.schema}
        .computeLabel=${e=>Et[e.name]??e.name}
        @value-changed=${this._changed}
      ></ha-form>
      ${this.hint?A`<div class="hint">${this.hint}</div>`:N}`:N}_changed(e){e.stopPropagation();let t=Xe({...e.detail.value,type:this._config?.type??e.detail.value.type});this._config=t,this.dispatchEvent(new CustomEvent(`config-changed`,{detail:{config:t},bubbles:!0,composed:!0}))}};vt=Ot,vt.properties={hass:{attribute:!1},_config:{state:!0}},vt.styles=o`
    .hint {
      color: var(--secondary-text-color);
      font-size: 0.85em;
      margin-top: 8px;
    }
  `;var kt=class extends Ot{constructor(...e){super(...e),this.schema=Ct,this.hint=`Entities are found automatically; pick a device only with several plants.`}},At=class extends Ot{constructor(...e){super(...e),this.schema=wt}},jt=class extends Ot{constructor(...e){super(...e),this.schema=Tt}},Mt=135;function Nt(e,t,n,r){let i=r*Math.PI/180;return[Lt(e+n*Math.cos(i)),Lt(t+n*Math.sin(i))]}function Pt(e,t,n,r,i){let a=It(r),o=It(i);if(o<=a)return``;let s=Mt+a/100*270,c=Mt+o/100*270,[l,u]=Nt(e,t,n,s),[d,f]=Nt(e,t,n,c);return`M${l},${u}A${n},${n} 0 ${+(c-s>180)} 1 ${d},${f}`}function Ft(e){return e===null||!Number.isFinite(e)?`unknown`:e<20?`low`:e<50?`medium`:`high`}function It(e){return Number.isFinite(e)?Math.min(100,Math.max(0,e)):0}function Lt(e){return Math.round(e*100)/100}function Rt(e,t,n){return A`<div class="gauge ${Ft(e)}">
    <svg viewBox="0 0 100 100" role="img" aria-label="Battery ${e===null?`unknown`:`${e} %`}">
      <path class="track" d=${Pt(50,50,40,0,100)}></path>
      ${e===null?N:j`<path class="value" d=${Pt(50,50,40,0,e)}></path>`}
      <text x="50" y="52" class="soc-value">${e===null?`—`:`${Math.round(e)}%`}</text>
      <text x="50" y="67" class="soc-label">battery</text>
    </svg>
    <div class="temp">${t===null?`—`:`${t.toFixed(1)} ${n}`}</div>
  </div>`}var J={solar:[100,22],grid:[24,80],house:[176,80],battery:[100,138]},zt=[[`solar`,`house`],[`solar`,`battery`],[`solar`,`grid`],[`grid`,`house`],[`grid`,`battery`],[`battery`,`house`]],Bt={solar:`mdi:solar-power-variant`,grid:`mdi:transmission-tower`,house:`mdi:home`,battery:`mdi:home-battery`};function Vt(e,t){let[n,r]=J[e],[i,a]=J[t],o=20/Math.hypot(i-n,a-r),s=n+(i-n)*o,c=r+(a-r)*o,l=i-(i-n)*o,u=a-(a-r)*o;return`M${s.toFixed(1)},${c.toFixed(1)}L${l.toFixed(1)},${u.toFixed(1)}`}function Ht(e,t,n){let r=zt.map(([t,r])=>{let i=rt(e,t,r),[a,o]=i>=0?[t,r]:[r,t],s=Math.abs(i);return s<=0?j`<path class="link idle" d=${Vt(t,r)}></path>`:j`<path class="link idle" d=${Vt(t,r)}></path>
      <path
        class="link flow from-${a}"
        data-from=${a}
        data-to=${o}
        data-kw=${s}
        d=${Vt(a,o)}
        style="stroke-width:${it(s,n)};animation-duration:${at(s,n)}s"
      ></path>`}),i=t.battery,a=t.grid,o={solar:``,house:``,battery:i===null||Math.abs(i)<.01?`idle`:i>0?`charging`:`discharging`,grid:a===null||Math.abs(a)<.01?`idle`:a>0?`importing`:`exporting`},s={solar:t.pv,house:e.house,battery:i===null?null:Math.abs(i),grid:a===null?null:Math.abs(a)};return A`<div class="flow">
    <svg viewBox="0 0 200 160" aria-hidden="true">${r}</svg>
    ${Object.keys(J).map(e=>A`<div class="node node-${e}" data-node=${e} style="left:${J[e][0]/200*100}%;top:${J[e][1]/160*100}%">
        <ha-icon .icon=${Bt[e]}></ha-icon>
        <span class="kw">${ot(s[e])}</span>
        ${o[e]?A`<span class="sub">${o[e]}</span>`:N}
      </div>`)}
  </div>`}function Ut(e,t,n,r){let i=n+r*36e5,[a,o]=ht([...e.points.map(e=>e.value),...t.points.map(e=>e.value)]),s=40-(0-a)/(o-a||1)*40,c={rising:`↗`,falling:`↘`,flat:`→`,unknown:``},l=e.points.length>0||t.points.length>0;return A`<div class="prices">
    <div class="price buy">
      <span class="label">Buy</span>
      <span class="value ${e.now!==null&&e.now<0?`negative`:``}">${H(e.now)}</span>
      <span class="trend" title=${e.trend}>${c[e.trend]}</span>
    </div>
    <div class="price feed-in">
      <span class="label">Feed-in</span>
      <span class="value ${t.now!==null&&t.now<0?`negative`:``}">${H(t.now)}</span>
      <span class="trend" title=${t.trend}>${c[t.trend]}</span>
    </div>
    ${l?A`<svg class="spark" viewBox="0 0 200 40" preserveAspectRatio="none" aria-label="Prices, next ${r} hours">
            ${a<0?j`<line class="zero" x1="0" x2="200" y1=${s} y2=${s}></line>`:N}
            <path class="buy-line" d=${mt(e.points,n,i,200,40,a,o)}></path>
            <path class="feed-line" d=${mt(t.points,n,i,200,40,a,o)}></path>
          </svg>
          <div class="muted range">
            next ${r} h: buy ${H(e.min)} to ${H(e.max)}
          </div>`:A`<div class="muted">No price forecast</div>`}
  </div>`}function Wt(e){let t=(e,t,n)=>A`<div class="tile ${e}"><span class="muted">${t}</span><span class="v">${st(n)}</span></div>`;return A`<div class="tiles">
    ${t(`t-pv`,`Solar`,e.pv)} ${t(`t-load`,`House`,e.load)} ${t(`t-import`,`Bought`,e.imported)}
    ${t(`t-export`,`Sold`,e.exported)} ${t(`t-charge`,`Charged`,e.charged)}
    ${t(`t-discharge`,`Discharged`,e.discharged)}
  </div>
  ${e.selfSufficiency===null?N:A`<div class="muted self">Self-sufficiency ${e.selfSufficiency} %</div>`}`}var Gt=o`
  .banner {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 10px;
    border-radius: 8px;
    padding: 8px 10px;
    margin-bottom: 8px;
    color: var(--text-primary-color, #fff);
  }
  .banner.override {
    background: var(--sg-warning);
    color: #1a1a1a;
  }
  .banner.estop,
  .banner.external {
    background: var(--sg-error);
  }
  .banner.releasing,
  .banner.unconfirmed {
    background: var(--sg-warning);
    color: #1a1a1a;
  }
  .banner-title {
    font-weight: 700;
    letter-spacing: 0.06em;
  }
  .banner-sub {
    font-size: 0.9em;
    flex: 1 1 160px;
  }
  .banner .release {
    background: rgba(255, 255, 255, 0.9);
    color: #1a1a1a;
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: center;
    gap: 8px;
  }
  .gauge {
    width: 116px;
    flex: 0 0 auto;
    text-align: center;
  }
  .gauge svg {
    width: 100%;
    display: block;
  }
  .gauge .track,
  .gauge .value {
    fill: none;
    stroke-width: 9;
    stroke-linecap: round;
  }
  .gauge .track {
    stroke: var(--sg-line);
  }
  .gauge .value {
    stroke: var(--sg-ok);
  }
  .gauge.medium .value {
    stroke: var(--sg-warning);
  }
  .gauge.low .value {
    stroke: var(--sg-error);
  }
  .gauge text {
    text-anchor: middle;
    fill: var(--primary-text-color);
  }
  .soc-value {
    font-size: 20px;
    font-weight: 600;
  }
  .soc-label {
    font-size: 9px;
    fill: var(--sg-muted) !important;
  }
  .temp {
    font-size: 0.85em;
    color: var(--sg-muted);
    margin-top: -10px;
  }
  .flow {
    position: relative;
    flex: 1 1 220px;
    max-width: 340px;
    min-width: 200px;
    aspect-ratio: 5 / 4;
  }
  .flow svg {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
  }
  .link {
    fill: none;
    stroke-linecap: round;
  }
  .link.idle {
    stroke: var(--sg-line);
    stroke-width: 1;
  }
  .link.flow {
    stroke-dasharray: 3 5;
    animation: flow linear infinite;
  }
  .from-solar {
    stroke: var(--sg-solar);
  }
  .from-grid {
    stroke: var(--sg-grid-in);
  }
  .from-battery {
    stroke: var(--sg-battery-out);
  }
  .from-house {
    stroke: var(--sg-grid-out);
  }
  @keyframes flow {
    from {
      stroke-dashoffset: 16;
    }
    to {
      stroke-dashoffset: 0;
    }
  }
  .node {
    position: absolute;
    transform: translate(-50%, -50%);
    display: flex;
    flex-direction: column;
    align-items: center;
    font-size: 0.8em;
    line-height: 1.15;
    background: var(--ha-card-background, var(--card-background-color, #fff));
    border: 2px solid var(--sg-line);
    border-radius: 50%;
    width: 58px;
    height: 58px;
    justify-content: center;
    box-sizing: border-box;
  }
  .node-solar {
    border-color: var(--sg-solar);
  }
  .node-grid {
    border-color: var(--sg-grid-in);
  }
  .node-battery {
    border-color: var(--sg-battery-out);
  }
  .node-house {
    border-color: var(--sg-house);
  }
  .node ha-icon {
    --mdc-icon-size: 18px;
    color: var(--sg-muted);
  }
  .node .kw {
    font-weight: 600;
    white-space: nowrap;
  }
  .node .sub {
    font-size: 0.75em;
    color: var(--sg-muted);
  }
  .prices {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 2px 12px;
  }
  .price {
    display: flex;
    align-items: baseline;
    gap: 6px;
  }
  .price .label {
    color: var(--sg-muted);
    font-size: 0.85em;
  }
  .price .value {
    font-weight: 600;
  }
  .price .value.negative {
    color: var(--sg-ok);
  }
  .spark {
    grid-column: 1 / -1;
    width: 100%;
    height: 44px;
  }
  .spark path {
    fill: none;
    stroke-width: 2;
    vector-effect: non-scaling-stroke;
  }
  .spark .buy-line {
    stroke: var(--sg-grid-in);
  }
  .spark .feed-line {
    stroke: var(--sg-grid-out);
    stroke-dasharray: 4 3;
  }
  .spark .zero {
    stroke: var(--sg-muted);
    stroke-width: 1;
    stroke-dasharray: 2 2;
    vector-effect: non-scaling-stroke;
  }
  .range {
    grid-column: 1 / -1;
  }
  .decision {
    display: flex;
    align-items: center;
    gap: 6px;
    font-weight: 600;
  }
  .decision .dot {
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: var(--a, var(--sg-idle));
  }
  .reason {
    font-size: 0.9em;
    margin: 2px 0;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .buttons button {
    flex: 1 1 56px;
  }
  .dialog {
    margin-top: 8px;
    border: 1px solid var(--sg-line);
    border-radius: 8px;
    padding: 8px;
  }
  .dialog-title {
    font-weight: 600;
    margin-bottom: 6px;
  }
  .dialog-fields {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(110px, 1fr));
    gap: 6px;
  }
  .dialog-buttons {
    display: flex;
    justify-content: flex-end;
    gap: 6px;
    margin-top: 8px;
  }
  .tiles {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: 6px;
  }
  .tile {
    display: flex;
    flex-direction: column;
    border-radius: 6px;
    padding: 4px 6px;
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.08));
  }
  .tile .v {
    font-weight: 600;
  }
  .self {
    margin-top: 4px;
  }
  @media (max-width: 380px) {
    .flow {
      min-width: 180px;
    }
    .tiles {
      grid-template-columns: repeat(2, 1fr);
    }
  }
`,Kt=o`
  :host {
    display: block;
    --sg-solar: var(--energy-solar-color, #ff9800);
    --sg-grid-in: var(--energy-grid-consumption-color, #488fc2);
    --sg-grid-out: var(--energy-grid-return-color, #8353d1);
    --sg-battery-in: var(--energy-battery-in-color, #f06292);
    --sg-battery-out: var(--energy-battery-out-color, #4db6ac);
    --sg-house: var(--primary-text-color, #212121);
    --sg-muted: var(--secondary-text-color, #727272);
    --sg-line: var(--divider-color, rgba(127, 127, 127, 0.3));
    --sg-error: var(--error-color, #db4437);
    --sg-warning: var(--warning-color, #ffa600);
    --sg-ok: var(--success-color, #43a047);
    --sg-accent: var(--primary-color, #03a9f4);
    --sg-charge: var(--sg-ok);
    --sg-discharge: var(--sg-grid-out);
    --sg-hold: var(--info-color, #039be5);
    --sg-self: var(--sg-battery-out);
    --sg-idle: var(--disabled-text-color, #bdbdbd);
    color: var(--primary-text-color);
  }
  ha-card {
    display: block;
    padding: 12px 14px 14px;
    box-sizing: border-box;
    overflow: hidden;
  }
  .header {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 8px;
    margin-bottom: 8px;
  }
  .title {
    font-size: var(--ha-card-header-font-size, 1.2em);
    font-weight: 500;
  }
  .muted {
    color: var(--sg-muted);
    font-size: 0.85em;
  }
  .section {
    border-top: 1px solid var(--sg-line);
    padding-top: 8px;
    margin-top: 8px;
  }
  .section-title {
    font-size: 0.8em;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--sg-muted);
    margin-bottom: 4px;
  }
  .warning,
  .error {
    font-size: 0.85em;
    border-radius: 6px;
    padding: 4px 8px;
    margin: 6px 0;
  }
  .warning {
    color: var(--primary-text-color);
    background: color-mix(in srgb, var(--sg-warning) 18%, transparent);
  }
  .error {
    color: var(--primary-text-color);
    background: color-mix(in srgb, var(--sg-error) 18%, transparent);
  }
  button {
    font: inherit;
    font-size: 0.9em;
    color: var(--primary-text-color);
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.12));
    border: 1px solid var(--sg-line);
    border-radius: 8px;
    padding: 6px 10px;
    cursor: pointer;
    min-height: 36px;
  }
  button:hover:not(:disabled) {
    border-color: var(--sg-accent);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button.primary {
    background: var(--sg-accent);
    color: var(--text-primary-color, #fff);
    border-color: transparent;
  }
  button.danger {
    background: var(--sg-error);
    color: var(--text-primary-color, #fff);
    border-color: transparent;
  }
  input,
  select {
    font: inherit;
    color: var(--primary-text-color);
    background: var(--card-background-color, var(--ha-card-background, #fff));
    border: 1px solid var(--sg-line);
    border-radius: 6px;
    padding: 4px 6px;
    min-height: 32px;
    box-sizing: border-box;
    max-width: 100%;
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 2px;
    font-size: 0.85em;
    color: var(--sg-muted);
  }
  .field-error {
    color: var(--sg-error);
    font-size: 0.8em;
  }
  .a-charge_grid,
  .a-charge,
  .a-charge_pv {
    --a: var(--sg-charge);
  }
  .a-charge_pv {
    --a: var(--sg-solar);
  }
  .a-discharge,
  .a-export {
    --a: var(--sg-discharge);
  }
  .a-hold {
    --a: var(--sg-hold);
  }
  .a-self_consumption {
    --a: var(--sg-self);
  }
  .a-idle {
    --a: var(--sg-idle);
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      animation: none !important;
    }
  }
`,qt,Jt=class extends G{constructor(){super(),this._created=performance.now(),this._buy=[],this._feedIn=[],this._energy={},this._busy=!1,this._now=Date.now()}static getStubConfig(){return{type:`custom:sigenstor-dashboard-card`}}static async getConfigElement(){return await Dt(),document.createElement(`sigenstor-dashboard-card-editor`)}getCardSize(){return 10}getGridOptions(){return{columns:12,rows:`auto`,min_columns:6}}validate(e){return Ke(e)}connectedCallback(){super.connectedCallback(),this._tick??=setInterval(()=>this._now=Date.now(),3e4)}disconnectedCallback(){super.disconnectedCallback(),this._tick&&clearInterval(this._tick),this._tick=void 0}firstUpdated(){let e=performance.now()-this._created;this.dataset.firstRenderMs=e.toFixed(1);try{performance.measure?.(`sigenstor-dashboard-card:first-render`,{start:this._created,duration:e})}catch{}}willUpdate(e){super.willUpdate(e);let t=this.ent(`general_price`,`sensor`)?.last_updated;e.has(`hass`)&&t&&this._lastPriceUpdate&&t!==this._lastPriceUpdate&&this.fetchPrices(),this._lastPriceUpdate=t??this._lastPriceUpdate}async refresh(){await Promise.all([this.fetchPrices(),this.fetchEnergy()])}async fetchPrices(){if(this.hass&&this._config?.show_prices!==!1){if(!this.eid(`general_price`,`sensor`)&&!this.eid(`feed_in_earnings_rate`,`sensor`))this._buy=[],this._feedIn=[];else try{let e=await this.entryId();if(!e)return;let t=await ze(this.hass,`get_price_forecast`,{config_entry_id:e});this._buy=dt(t?.general,`per_kwh`),this._feedIn=dt(t?.feed_in,`feed_in_earn`)}catch{this._buy=[],this._feedIn=[]}}}async fetchEnergy(){let e=this.hass;if(!e||this._config?.show_energy===!1)return;let t={};await Promise.all(Ze.map(async n=>{let r=this.eid(n,`sensor`);if(r)try{let i=await e.callWS({type:`recorder/statistic_during_period`,statistic_id:r,calendar:{period:`day`},types:[`change`],units:{energy:`kWh`}});t[n]=Qe(i)}catch{t[n]=null}})),this._energy=t}async run(e,t={}){if(this.hass){this._busy=!0,this._error=void 0;try{let n=await this.entryId();if(!n)throw Error(`No SigenStor config entry found`);await Be(this.hass,e,{config_entry_id:n,...t}),this._dialog=void 0}catch(e){this._error=Ve(e)}finally{this._busy=!1}}}force(e){let t=this._config,n={action:e,power:e===`force_export`?t.export_power:t.charge_power,soc:e===`force_export`?t.export_floor_soc:t.charge_target_soc,minutes:t.duration_minutes,source:t.charge_source};t.confirm?this._dialog=n:this.submit(n)}submit(e){let t=Ye(e.minutes);return e.action===`force_charge`?this.run(e.action,{power:e.power,target_soc:e.soc,source:e.source,...t}):e.action===`force_export`?this.run(e.action,{power:e.power,floor_soc:e.soc,...t}):this.run(e.action,t)}render(){let e=this._config;if(!e)return N;let t=L(this.ent(`battery_soc`,`sensor`)),n=this.ent(`battery_temperature`,`sensor`),r={pv:Fe(this.ent(`pv_power`,`sensor`)),battery:Fe(this.ent(`battery_power`,`sensor`)),grid:Fe(this.ent(`grid_power`,`sensor`)),house:Fe(this.ent(`house_load`,`sensor`))},i=nt(r),a=Math.max(5,L(this.ent(`rated_charge_power`,`sensor`))??0,L(this.ent(`rated_discharge_power`,`sensor`))??0),o=Object.values(r).some(e=>e!==null)||t!==null;return A`<ha-card>
      ${e.title?A`<div class="header"><span class="title">${e.title}</span></div>`:N}
      ${this.renderBanner()}
      ${o?N:A`<div class="warning missing">No SigenStor entities found. Is the integration set up?</div>`}
      <div class="top">
        ${Rt(t,L(n),Pe(n)??`°C`)}
        ${Ht(i,r,a)}
      </div>
      ${e.show_prices?this.renderPrices(e):N} ${this.renderOptimiser()}
      ${e.show_controls?this.renderControls():N}
      ${e.show_energy?this.renderEnergy():N}
      ${this._error?A`<div class="error">${this._error}</div>`:N}
      ${this._warnings.map(e=>A`<div class="warning">${e}</div>`)}
    </ha-card>`}renderBanner(){if(Ne(this.ent(`emergency_stop`,`binary_sensor`)))return A`<div class="banner estop" role="alert">
        <span class="banner-title">EMERGENCY STOP</span>
        <span class="banner-sub">Battery control is released and automatic writes are blocked.</span>
        <button class="release" ?disabled=${this._busy} @click=${()=>this.run(`clear_emergency_stop`)}>
          Release
        </button>
      </div>`;let e=R(this.ent(`control_state`,`sensor`));if(e===`external`)return A`<div class="banner external" role="alert">
        <span class="banner-title">ANOTHER CONTROLLER</span>
        <span class="banner-sub">
          Remote EMS is held by another controller (a VPP or the app). Home Assistant writes nothing
          automatically until it hands back.
        </span>
        <button class="release" ?disabled=${this._busy} @click=${()=>this.run(`clear_override`)}>
          Take back
        </button>
      </div>`;let t=this.ent(`override_active`,`binary_sensor`);if(!Ne(t))return e===`releasing`?A`<div class="banner releasing" role="status">
          <span class="banner-title">RELEASING</span>
          <span class="banner-sub">Waiting for the plant to confirm that remote control is released.</span>
        </div>`:t?.attributes?.problem===`not_confirmed`?A`<div class="banner unconfirmed" role="status">
          <span class="banner-title">NOT CONFIRMED</span>
          <span class="banner-sub">The plant did not take the last command, so control was released.</span>
        </div>`:N;let n=this.ent(`override_remaining`,`sensor`),r=ut(L(n),n?.last_updated,this._now),i=R(this.ent(`override_mode`,`select`));return A`<div class="banner override" role="status">
      <span class="banner-title">OVERRIDE ACTIVE</span>
      <span class="banner-sub">
        ${i&&i.startsWith(`force_`)?W(i):`Manual control`} ·
        <span class="time-left">${r===null?`until cleared`:`${lt(r)} left`}</span>
      </span>
    </div>`}renderPrices(e){let t=ft(this._buy,this._now,e.price_hours),n=ft(this._feedIn,this._now,e.price_hours);return t.now??=L(this.ent(`general_price`,`sensor`)),n.now??=L(this.ent(`feed_in_earnings_rate`,`sensor`)),t.now===null&&n.now===null&&t.points.length===0?A``:A`<div class="section">
      <div class="section-title">Amber prices</div>
      ${Ut(t,n,this._now,e.price_hours)}
    </div>`}renderOptimiser(){let e=R(this.ent(`optimiser_decision`,`sensor`)),t=R(this.ent(`optimiser_reason`,`sensor`)),n=this.ent(`optimiser_next_change`,`sensor`),r=R(this.ent(`optimiser_mode`,`select`)),i=L(this.ent(`planned_soc`,`sensor`)),a=L(this.ent(`savings_today`,`sensor`));if(e===null&&t===null&&r===null)return A`<div class="section optimiser"><div class="section-title">Optimiser</div>
        <div class="muted">Optimiser not available</div></div>`;let o=n?.attributes.action;return A`<div class="section optimiser">
      <div class="section-title">Optimiser${r?A` · <span class="mode">${r}</span>`:N}</div>
      <div class="decision a-${e??`idle`}"><span class="dot"></span>${W(e)}</div>
      ${t?A`<div class="reason">${t}</div>`:N}
      <div class="muted opt-meta">
        ${R(n)?A`Next: <span class="next">${typeof o==`string`?W(o):`change`} at
              ${U(R(n))}</span>`:N}
        ${i===null?N:A` · planned SoC ${Math.round(i)} %`}
        ${a===null?N:A` · saved today ${ct(a)}`}
      </div>
    </div>`}renderControls(){let e=this._dialog,t=Ne(this.ent(`emergency_stop`,`binary_sensor`)),n=(e,n,r=``,i)=>A`<button
        class="ctl ${r}"
        data-action=${e}
        ?disabled=${this._busy||t&&e!==`emergency_stop`}
        @click=${i??(()=>this.force(e))}
      >
        ${n}
      </button>`;return A`<div class="section controls">
      <div class="buttons">
        ${n(`force_charge`,`Charge`)} ${n(`force_hold`,`Hold`)} ${n(`force_export`,`Export`)}
        ${n(`clear_override`,`Stop`,``,()=>void this.run(`clear_override`))}
        ${n(`emergency_stop`,`E-stop`,`danger`,()=>void this.run(`emergency_stop`))}
      </div>
      ${e?this.renderDialog(e):N}
    </div>`}renderDialog(e){let t=t=>this._dialog={...e,...t},n=(e,n,r,i,a)=>A`<input
        type="number"
        name=${a}
        .value=${String(e)}
        min=${n}
        max=${r}
        step=${i}
        @change=${e=>{let i=Number(e.target.value);Number.isFinite(i)&&t({[a]:Math.min(r,Math.max(n,i))})}}
      />`,r={force_charge:`Force charge`,force_hold:`Force hold`,force_export:`Force export`}[e.action];return A`<div class="dialog" role="dialog" aria-label=${r}>
      <div class="dialog-title">${r}</div>
      <div class="dialog-fields">
        ${e.action===`force_hold`?N:A`<label class="field">Power (kW) ${n(e.power,.1,50,.1,`power`)}</label>
              <label class="field"
                >${e.action===`force_charge`?`Stop at SoC (%)`:`Floor SoC (%)`}
                ${n(e.soc,0,100,1,`soc`)}</label
              >`}
        ${e.action===`force_charge`?A`<label class="field"
              >From
              <select
                name="source"
                @change=${e=>t({source:e.target.value===`pv`?`pv`:`grid`})}
              >
                <option value="grid" ?selected=${e.source===`grid`}>Grid</option>
                <option value="pv" ?selected=${e.source===`pv`}>Solar only</option>
              </select></label
            >`:N}
        <label class="field">Minutes (0 = until cleared) ${n(e.minutes,0,1440,5,`minutes`)}</label>
      </div>
      <div class="dialog-buttons">
        <button class="cancel" @click=${()=>this._dialog=void 0}>Cancel</button>
        <button class="primary start" ?disabled=${this._busy} @click=${()=>void this.submit(e)}>Start</button>
      </div>
    </div>`}renderEnergy(){return A`<div class="section energy">
      <div class="section-title">Today</div>
      ${Wt($e(this._energy,L(this.ent(`pv_energy_today`,`sensor`))))}
    </div>`}};qt=Jt,qt.properties={...G.properties,_buy:{state:!0},_feedIn:{state:!0},_energy:{state:!0},_dialog:{state:!0},_busy:{state:!0},_now:{state:!0}},qt.styles=[Kt,Gt];var Yt=[`charge_grid`,`charge_pv`,`discharge`,`export`,`hold`,`self_consumption`,`idle`],Y=36e5,X=e=>typeof e==`number`&&Number.isFinite(e)?e:null;function Xt(e){let t=e&&Array.isArray(e.steps)?e.steps:[],n=[];for(let e of t){if(!e||typeof e!=`object`)continue;let t=Date.parse(e.start??``),r=Date.parse(e.end??``);!Number.isFinite(t)||!Number.isFinite(r)||r<=t||n.push({start:t,end:r,action:typeof e.action==`string`&&e.action?e.action:`idle`,soc:X(e.soc),buy:X(e.buy_price),feedIn:X(e.feed_in_price),pv:X(e.pv_kw),load:X(e.load_kw),powerKw:X(e.power_kw),reason:typeof e.reason==`string`?e.reason:``})}return n.sort((e,t)=>e.start-t.start)}function Zt(e,t){if(!t||!e||typeof e!=`object`)return[];let n=e[t];if(!Array.isArray(n))return[];let r=[];for(let e of n){let t=Number(e?.s),n=X(e?.lu)??X(e?.lc);n!==null&&e?.s!==``&&Number.isFinite(t)&&r.push({t:n*1e3,v:t})}return r.sort((e,t)=>e.t-t.t)}function Qt(e,t){return e.find(e=>e.start<=t&&t<e.end)}function $t(e){let t=[];for(let n of e){let e=t[t.length-1];e&&e.action===n.action&&e.end===n.start?e.end=n.end:t.push({start:n.start,end:n.end,action:n.action})}return t}function en(e,t,n,r){let{width:i,height:a}=r,o=n-Math.max(0,r.hoursBack)*Y,s=e.length?e[e.length-1].end:n,c=Math.max(n+Y,Math.min(s,n+r.hoursAhead*Y)),l=e=>Z((an(e,o,c)-o)/(c-o)*i),u=e.filter(e=>e.end>n&&e.start<c),d=e=>e.filter(e=>e.t>=o-Y&&e.t<=n),f=Math.max(40,a-14-12-14),p=4+Z(f*.68),ee=p+6,m=4+f,h=m+6,te=[...u.flatMap(e=>[e.pv??0,e.load??0]),...d(t.pv).map(e=>e.v),...d(t.load).map(e=>e.v)],ne=rn(Math.max(1,...te.filter(Number.isFinite))),g=e=>Z(p-an(e,0,ne)/ne*(p-4)),_=e=>Z(p-an(e,0,100)/100*(p-4)),[v,y]=nn([...u.flatMap(e=>[e.buy,e.feedIn]).filter(e=>e!==null),...d(t.price).map(e=>e.v)]),b=e=>Z(m-(an(e,v,y)-v)/(y-v)*(m-ee)),x=(e,t)=>{let r=``,i=null;for(let a of u){let o=e(a);if(o===null){i=null;continue}let s=Math.max(a.start,n);r+=`${i===s?`L`:`M`}${l(s)},${t(o)}L${l(a.end)},${t(o)}`,i=a.end}return r},re=(e,t)=>e?e.split(`M`).filter(Boolean).map(e=>{let n=e.split(`L`);return`M${n[0].split(`,`)[0]},${t}L${e}L${n[n.length-1].split(`,`)[0]},${t}Z`}).join(``):``,S=(e,t,r)=>{let i=d(e);if(i.length===0)return``;let a=``,o=null;for(let e of i){let n=l(e.t),i=t(e.v);a+=o===null?`M${n},${i}`:r?`L${n},${o}L${n},${i}`:`L${n},${i}`,o=i}return a+=`L${l(n)},${o}`,a},C=u.filter(e=>e.soc!==null),ie=d(t.soc),w=ie[ie.length-1],ae=``;if(C.length){let e=_(w?w.v:C[0].soc);ae=`M${l(n)},${e}`+C.map(e=>`L${l(e.end)},${_(e.soc)}`).join(``)}let oe=x(e=>e.pv,g),T=$t(u).map(e=>{let t=l(Math.max(e.start,n));return{x:t,w:Z(l(e.end)-t),action:e.action,start:e.start,end:e.end}});return{width:i,height:a,t0:o,t1:c,nowX:l(n),main:{top:4,bottom:p,maxKw:ne},price:{top:ee,bottom:m,lo:v,hi:y,zeroY:b(0)},actions:{top:h,bottom:h+14,blocks:T},paths:{socPlan:ae,pvPlan:re(oe,p),loadPlan:x(e=>e.load,g),buyPlan:x(e=>e.buy,b),feedInPlan:x(e=>e.feedIn,b),socPast:S(t.soc,_,!1),pvPast:re(S(t.pv,g,!1),p),loadPast:S(t.load,g,!1),pricePast:S(t.price,b,!0)},ticks:tn(o,c,i),empty:u.length===0&&!t.soc.length&&!t.pv.length}}function tn(e,t,n){if(t<=e)return[];let r=t-e>26*Y?6:3,i=new Date(e);i.setMinutes(0,0,0);let a=[];for(let o=i.getTime();o<=t;o+=Y){let i=new Date(o).getHours();o<e||i%r!==0||a.push({x:Z((o-e)/(t-e)*n),t:o,label:String(i).padStart(2,`0`)})}return a}function nn(e){let t=e.filter(Number.isFinite),n=Math.min(0,...t),r=Math.max(.1,...t),i=(r-n)*.08;return[on(n<0?n-i:0),on(r+i)]}function rn(e){if(!(e>0))return 1;let t=10**Math.floor(Math.log10(e));for(let n of[1,2,2.5,5,10])if(e<=n*t+1e-9)return on(n*t);return on(10*t)}var an=(e,t,n)=>Math.min(n,Math.max(t,e)),Z=e=>Math.round(e*10)/10,on=e=>Math.round(e*1e3)/1e3,sn,cn={soc:`battery_soc`,pv:`pv_power`,load:`house_load`,price:`general_price`},ln=class extends G{constructor(){super(),this._plan=null,this._history={soc:[],pv:[],load:[],price:[]},this._width=360,this._loaded=!1}static getStubConfig(){return{type:`custom:sigenstor-plan-card`,hours_ahead:24,hours_back:6}}static async getConfigElement(){return await Dt(),document.createElement(`sigenstor-plan-card-editor`)}getCardSize(){return 6}getGridOptions(){return{columns:12,rows:`auto`,min_columns:6}}validate(e){return qe(e)}connectedCallback(){super.connectedCallback(),typeof ResizeObserver<`u`&&(this._observer??=new ResizeObserver(e=>{let t=Math.round(e[0]?.contentRect.width??0);t>0&&Math.abs(t-this._width)>4&&(this._width=t)}),this._observer.observe(this))}disconnectedCallback(){super.disconnectedCallback(),this._observer?.disconnect(),this._observer=void 0}async refresh(){await Promise.all([this.fetchPlan(),this.fetchHistory()]),this._loaded=!0}async fetchPlan(){if(this.hass)try{let e=await this.entryId();if(!e)return;this._plan=await ze(this.hass,`get_plan`,{config_entry_id:e})}catch{this._plan=null}}async fetchHistory(){let e=this._config?.hours_back??0,t=this.hass;if(!t||e<=0)return;let n=Object.fromEntries(Object.entries(cn).map(([e,t])=>[e,this.eid(t,`sensor`)])),r=Object.values(n).filter(e=>!!e);if(!r.length)return;let i=/* @__PURE__ */ new Date;try{let a=await t.callWS({type:`history/history_during_period`,start_time:(/* @__PURE__ */ new Date(i.getTime()-e*36e5)).toISOString(),end_time:i.toISOString(),entity_ids:r,minimal_response:!0,no_attributes:!0,significant_changes_only:!1});this._history={soc:Zt(a,n.soc),pv:Zt(a,n.pv),load:Zt(a,n.load),price:Zt(a,n.price)}}catch{}}render(){let e=this._config;if(!e)return N;let t=Xt(this._plan),n=Date.now(),r=Math.max(240,this._width-28),i=Math.round(Math.min(260,Math.max(180,r*.5))),a=en(t,this._history,n,{width:r,height:i,hoursAhead:e.hours_ahead,hoursBack:e.hours_back}),o=this._plan?.decision,s=this._selected===void 0?void 0:Qt(t,this._selected),c=new Set(a.actions.blocks.map(e=>e.action));return A`<ha-card>
      <div class="header">
        <span class="title">${e.title??`Battery plan`}</span>
        ${this._plan?.mode?A`<span class="muted mode">${this._plan.mode}</span>`:N}
      </div>
      ${o?A`<div class="decision"><b>${W(o)}</b>${this._plan?.reason?A` · ${this._plan.reason}`:N}</div>`:N}
      ${a.empty?A`<div class="muted empty">${this._loaded?`No plan yet`:`Loading…`}</div>`:this.renderChart(a,t)}
      <div class="legend">
        <span style="--a:var(--sg-battery-out)">SoC</span><span style="--a:var(--sg-solar)">PV</span
        ><span style="--a:var(--sg-house)">Load</span><span style="--a:var(--sg-grid-in)">Buy</span
        ><span style="--a:var(--sg-grid-out)">Feed-in</span>
        ${Yt.filter(e=>c.has(e)).map(e=>A`<span class="a-${e}">${W(e)}</span>`)}
      </div>
      ${s?this.renderDetail(s):N}
      ${this._warnings.map(e=>A`<div class="warning">${e}</div>`)}
    </ha-card>`}renderChart(e,t){let n=t=>{let n=t.currentTarget.getBoundingClientRect(),r=n.width>0?(t.clientX-n.left)/n.width:0;this._selected=e.t0+r*(e.t1-e.t0)},r=this._selected===void 0?void 0:Qt(t,this._selected),i=t=>(Math.min(Math.max(t,e.t0),e.t1)-e.t0)/(e.t1-e.t0)*e.width;return A`<svg
      class="chart"
      viewBox="0 0 ${e.width} ${e.height}"
      role="img"
      aria-label="Plan chart"
      @pointerdown=${n}
    >
      <line class="grid-line" x1="0" x2=${e.width} y1=${e.main.bottom} y2=${e.main.bottom}></line>
      ${e.ticks.map(t=>j`<line class="grid-line" x1=${t.x} x2=${t.x} y1=${e.main.top} y2=${e.actions.bottom}></line>
          <text x=${t.x+2} y=${e.height-2}>${t.label}</text>`)}
      ${r?j`<rect class="sel" x=${i(r.start)} width=${i(r.end)-i(r.start)} y="0" height=${e.height}></rect>`:N}
      <path class="pv past" d=${e.paths.pvPast}></path>
      <path class="pv plan" d=${e.paths.pvPlan}></path>
      <path class="load past" d=${e.paths.loadPast}></path>
      <path class="load plan" d=${e.paths.loadPlan}></path>
      <path class="soc past" d=${e.paths.socPast}></path>
      <path class="soc plan" d=${e.paths.socPlan}></path>
      ${e.price.lo<0?j`<line class="zero" x1="0" x2=${e.width} y1=${e.price.zeroY} y2=${e.price.zeroY}></line>`:N}
      <path class="buy past" d=${e.paths.pricePast}></path>
      <path class="buy plan" d=${e.paths.buyPlan}></path>
      <path class="feed plan" d=${e.paths.feedInPlan}></path>
      ${e.actions.blocks.map(t=>j`<rect class="block a-${t.action}" data-action=${t.action} x=${t.x} y=${e.actions.top}
          width=${Math.max(.5,t.w)} height=${e.actions.bottom-e.actions.top}><title>${W(t.action)} ${U(t.start)}–${U(t.end)}</title></rect>`)}
      <line class="now" x1=${e.nowX} x2=${e.nowX} y1=${e.main.top} y2=${e.actions.bottom}></line>
      <text x="2" y=${e.main.top+9}>${e.main.maxKw} kW</text>
      <text x=${e.width-2} y=${e.main.top+9} text-anchor="end">100%</text>
      <text x="2" y=${e.price.top+9}>${H(e.price.hi)}</text>
      ${e.price.lo<0?j`<text x="2" y=${e.price.bottom-2}>${H(e.price.lo)}</text>`:N}
    </svg>`}renderDetail(e){return A`<div class="detail">
      <b>${U(e.start)}–${U(e.end)}</b> · <span class="a-${e.action}">${W(e.action)}</span>
      ${e.powerKw===null?N:A` ${ot(e.powerKw)}`}<br />
      SoC ${e.soc===null?`—`:`${Math.round(e.soc)} %`} · buy ${H(e.buy)} · feed-in
      ${H(e.feedIn)} · PV ${ot(e.pv)} · load ${ot(e.load)}
      ${e.reason?A`<div class="muted">${e.reason}</div>`:N}
    </div>`}};sn=ln,sn.properties={...G.properties,_plan:{state:!0},_history:{state:!0},_width:{state:!0},_selected:{state:!0},_loaded:{state:!0}},sn.styles=[Kt,o`
      .chart {
        width: 100%;
        display: block;
        touch-action: pan-y;
      }
      .chart text {
        font-size: 10px;
        fill: var(--sg-muted);
      }
      .soc {
        fill: none;
        stroke: var(--sg-battery-out);
        stroke-width: 2;
      }
      .pv {
        fill: color-mix(in srgb, var(--sg-solar) 30%, transparent);
        stroke: var(--sg-solar);
        stroke-width: 1;
      }
      .load {
        fill: none;
        stroke: var(--sg-house);
        stroke-width: 1.2;
        opacity: 0.7;
      }
      .buy {
        fill: none;
        stroke: var(--sg-grid-in);
        stroke-width: 1.5;
      }
      .feed {
        fill: none;
        stroke: var(--sg-grid-out);
        stroke-width: 1.2;
        stroke-dasharray: 3 2;
      }
      .plan {
        stroke-dasharray: 5 3;
      }
      .pv.plan {
        stroke-dasharray: none;
        opacity: 0.7;
      }
      .grid-line,
      .zero {
        stroke: var(--sg-line);
        stroke-width: 1;
      }
      .zero {
        stroke: var(--sg-muted);
        stroke-dasharray: 2 2;
      }
      .now {
        stroke: var(--sg-accent);
        stroke-width: 1.5;
      }
      .block {
        fill: var(--a, var(--sg-idle));
      }
      .sel {
        fill: var(--sg-accent);
        opacity: 0.12;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 10px;
        font-size: 0.8em;
        color: var(--sg-muted);
        margin-top: 4px;
      }
      .legend span::before {
        content: "";
        display: inline-block;
        width: 10px;
        height: 10px;
        border-radius: 2px;
        margin-right: 4px;
        vertical-align: -1px;
        background: var(--a, var(--sg-idle));
      }
      .detail {
        font-size: 0.85em;
        margin-top: 6px;
        border-top: 1px solid var(--sg-line);
        padding-top: 6px;
      }
    `];var Q=[`mon`,`tue`,`wed`,`thu`,`fri`,`sat`,`sun`],un=[`charge`,`discharge`,`hold`],dn=1e3,fn=1e3;function $(e){if(typeof e!=`string`)return null;let t=/^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(e.trim());if(!t)return null;let n=Number(t[1]),r=Number(t[2]);return n>23||r>59?null:n*60+r}function pn(e){let t=Math.floor(e/60),n=e%60;return`${String(t).padStart(2,`0`)}:${String(n).padStart(2,`0`)}`}function mn(e){let t=e&&typeof e==`object`?e.schedules:void 0;if(!Array.isArray(t))return[];let n=[];for(let e of t){if(!e||typeof e!=`object`)continue;let t=e.action;if(!un.includes(t)||$(e.start)===null||$(e.end)===null)continue;let r=Array.isArray(e.days)?e.days.filter(e=>Q.includes(e)):[];n.push({id:String(e.id??``),name:typeof e.name==`string`?e.name:``,action:t,start:e.start,end:e.end,days:r,priority:typeof e.priority==`number`?e.priority:0,enabled:e.enabled!==!1,power_kw:typeof e.power_kw==`number`?e.power_kw:null,target_soc:typeof e.target_soc==`number`?e.target_soc:null})}return n}function hn(e){let t=[];for(let n of e){let e=$(n.start),r=$(n.end);if(e!==null&&r!==null)for(let i of n.days){let a=Q.indexOf(i);if(a<0)continue;let o={id:n.id,name:n.name,action:n.action,enabled:n.enabled,lane:0,lanes:1};r>e?t.push({...o,day:a,startMin:e,endMin:r,continued:!1}):(t.push({...o,day:a,startMin:e,endMin:1440,continued:!1}),r>0&&t.push({...o,day:(a+1)%7,startMin:0,endMin:r,continued:!0}))}}return gn(t),t.sort((e,t)=>e.day-t.day||e.startMin-t.startMin||e.lane-t.lane)}function gn(e){for(let t=0;t<7;t++){let n=e.filter(e=>e.day===t).sort((e,t)=>e.startMin-t.startMin||t.endMin-e.endMin),r=[],i=-1,a=[],o=()=>{let e=Math.max(1,...r.map(e=>e.lane+1));for(let t of r)t.lanes=e;r=[],a.length=0};for(let e of n){e.startMin>=i&&r.length&&o();let t=a.findIndex(t=>t<=e.startMin);t<0&&(t=a.length),a[t]=e.endMin,e.lane=t,r.push(e),i=Math.max(i,e.endMin)}r.length&&o()}}function _n(){return{name:``,action:`charge`,start:`00:00`,end:`06:00`,days:[...Q],priority:`0`,enabled:!0,power:``,target_soc:``}}function vn(e){return{id:e.id,name:e.name,action:e.action,start:e.start,end:e.end,days:[...e.days],priority:String(e.priority),enabled:e.enabled,power:e.power_kw===null?``:String(e.power_kw),target_soc:e.target_soc===null?``:String(e.target_soc)}}function yn(e){let t={},n=e.name.trim();n?n.length>64&&(t.name=`At most 64 characters`):t.name=`Name is required`,un.includes(e.action)||(t.action=`Unknown action`);let r=$(e.start),i=$(e.end);r===null&&(t.start=`Use HH:MM`),i===null&&(t.end=`Use HH:MM`),r!==null&&i!==null&&r===i&&(t.end=`End must differ from start`);let a=Q.filter(t=>e.days.includes(t));a.length===0&&(t.days=`Pick at least one day`);let o=Number(e.priority.trim()||`0`);(!Number.isInteger(o)||Math.abs(o)>1e3)&&(t.priority=`Whole number from -${fn} to ${fn}`);let s=e.action===`hold`,c=xn(e.power);!s&&c!==null&&(Number.isNaN(c)||c<=0||c>1e3)&&(t.power=`Above 0 and at most ${dn} kW`);let l=xn(e.target_soc);if(!s&&l!==null&&(Number.isNaN(l)||l<0||l>100)&&(t.target_soc=`0 to 100 %`),Object.keys(t).length)return{ok:!1,errors:t};let u={name:n,action:e.action,start:pn(r),end:pn(i),days:a,priority:o,enabled:e.enabled};return e.id&&(u.schedule_id=e.id),!s&&c!==null&&(u.power=c),!s&&l!==null&&(u.target_soc=l),{ok:!0,data:u}}function bn(e){let t=yn({...vn(e),enabled:!e.enabled});return t.ok?t.data:{schedule_id:e.id,name:e.name,action:e.action,start:e.start,end:e.end,days:e.days,priority:e.priority,enabled:!e.enabled}}function xn(e){let t=e.trim();if(!t)return null;let n=Number(t);return Number.isFinite(n)?n:NaN}var Sn,Cn=11,wn=class extends G{constructor(){super(),this._schedules=[],this._formErrors={},this._busy=!1,this._loaded=!1,this.refreshMs=6e5}static getStubConfig(){return{type:`custom:sigenstor-schedule-card`}}static async getConfigElement(){return await Dt(),document.createElement(`sigenstor-schedule-card-editor`)}getCardSize(){return 8}getGridOptions(){return{columns:12,rows:`auto`,min_columns:6}}validate(e){return Je(e)}async refresh(){if(this.hass)try{let e=await this.entryId();if(!e){this._error=`No SigenStor config entry found`;return}let t=await ze(this.hass,`list_schedules`,{config_entry_id:e});this._schedules=mn(t),this._error=void 0}catch(e){this._error=`Schedules unavailable: ${Ve(e)}`}finally{this._loaded=!0}}async change(e,t){if(!this.hass)return!1;this._busy=!0;try{let n=await this.entryId();if(!n)throw Error(`No SigenStor config entry found`);let r={config_entry_id:n,...t};if(e===`set_schedule`)try{await ze(this.hass,e,r)}catch(t){if(!/response/i.test(Ve(t)))throw t;await Be(this.hass,e,r)}else await Be(this.hass,e,r);return this._error=void 0,await this.refresh(),!0}catch(e){return this._error=Ve(e),!1}finally{this._busy=!1}}async save(){if(!this._form)return;let e=yn(this._form);e.ok?(this._formErrors={},await this.change(`set_schedule`,e.data)&&(this._form=void 0)):this._formErrors=e.errors}async removeSchedule(e){this._confirmDelete===e?(this._confirmDelete=void 0,await this.change(`delete_schedule`,{schedule_id:e}),this._form?.id===e&&(this._form=void 0)):this._confirmDelete=e}edit(e){this._form=e?vn(e):_n(),this._formErrors={}}render(){let e=this._config;return e?A`<ha-card>
      <div class="header">
        <span class="title">${e.title??`Schedules`}</span>
        <button class="add" ?disabled=${this._busy} @click=${()=>this.edit()}>Add</button>
      </div>
      ${this.renderWeek()} ${this._form?this.renderForm(this._form):N}
      <div class="section list">
        ${this._schedules.length===0?A`<div class="muted empty">${this._loaded?`No schedules yet`:`Loading…`}</div>`:this._schedules.map(e=>this.renderRow(e))}
      </div>
      ${this._error?A`<div class="error">${this._error}</div>`:N}
      ${this._warnings.map(e=>A`<div class="warning">${e}</div>`)}
    </ha-card>`:N}renderWeek(){let e=hn(this._schedules),t=new Map(this._schedules.map(e=>[e.id,e]));return A`<div class="week" role="grid" aria-label="Week schedule">
      <div></div>
      ${Q.map(e=>A`<div class="day-head">${e}</div>`)}
      <div class="hours">${[0,6,12,18,24].map(e=>A`<span style="top:${e*Cn}px">${e}</span>`)}</div>
      ${Q.map((n,r)=>A`<div class="col" data-day=${r}>
          ${e.filter(e=>e.day===r).map(e=>A`<div
                class="blk a-${e.action} ${e.enabled?``:`off`}"
                data-id=${e.id}
                title="${e.name} ${W(e.action)}"
                style="top:${e.startMin/60*Cn}px;height:${(e.endMin-e.startMin)/60*Cn}px;left:${e.lane/e.lanes*100}%;width:${100/e.lanes}%"
                @click=${()=>this.edit(t.get(e.id))}
              >
                ${e.continued?``:e.name}
              </div>`)}
        </div>`)}
    </div>`}renderRow(e){let t=this._confirmDelete===e.id;return A`<div class="row" data-id=${e.id}>
      <span class="swatch a-${e.action}"></span>
      <span class="name">
        <b>${e.name}</b>
        <span class="muted">${W(e.action)} ${e.start}–${e.end} · ${e.days.join(` `)}</span>
      </span>
      <button class="toggle" ?disabled=${this._busy} @click=${()=>void this.change(`set_schedule`,bn(e))}>
        ${e.enabled?`On`:`Off`}
      </button>
      <button class="edit" ?disabled=${this._busy} @click=${()=>this.edit(e)}>Edit</button>
      <button class="delete ${t?`danger`:``}" ?disabled=${this._busy} @click=${()=>void this.removeSchedule(e.id)}>
        ${t?`Confirm`:`Delete`}
      </button>
    </div>`}renderForm(e){let t=t=>this._form={...e,...t},n=e=>this._formErrors[e]?A`<span class="field-error">${this._formErrors[e]}</span>`:N,r=(r,i,a=`text`)=>A`<label class="field"
        >${i}
        <input
          name=${r}
          type=${a}
          .value=${e[r]}
          @input=${e=>t({[r]:e.target.value})}
        />${n(r)}</label
      >`,i=(r,i)=>A`<label class="field"
        >${i}
        <input
          name=${r}
          type="time"
          .value=${e[r]}
          @input=${e=>t({[r]:e.target.value})}
        />${n(r)}</label
      >`,a=(n,r)=>t({days:r?Q.filter(t=>t===n||e.days.includes(t)):e.days.filter(e=>e!==n)});return A`<div class="section form" role="form" aria-label=${e.id?`Edit schedule`:`New schedule`}>
      ${r(`name`,`Name`)}
      <label class="field"
        >Action
        <select
          name="action"
          @change=${e=>t({action:e.target.value})}
        >
          ${un.map(t=>A`<option value=${t} ?selected=${e.action===t}>${W(t)}</option>`)}
        </select></label
      >
      ${i(`start`,`Start`)} ${i(`end`,`End (before start = past midnight)`)}
      ${e.action===`hold`?N:A`${r(`power`,`Power kW (empty = plant limit)`,`number`)}
          ${r(`target_soc`,e.action===`charge`?`Stop at SoC %`:`Floor SoC %`,`number`)}`}
      ${r(`priority`,`Priority`,`number`)}
      <label class="field"
        >Enabled
        <input
          name="enabled"
          type="checkbox"
          .checked=${e.enabled}
          @change=${e=>t({enabled:e.target.checked})}
      /></label>
      <div class="days">
        ${Q.map(t=>A`<label
            ><input
              type="checkbox"
              name="day-${t}"
              .checked=${e.days.includes(t)}
              @change=${e=>a(t,e.target.checked)}
            />${t}</label
          >`)}
        ${n(`days`)}
      </div>
      <div class="form-buttons">
        <button class="cancel" @click=${()=>this._form=void 0}>Cancel</button>
        <button class="primary save" ?disabled=${this._busy} @click=${()=>void this.save()}>Save</button>
      </div>
    </div>`}};Sn=wn,Sn.properties={...G.properties,_schedules:{state:!0},_form:{state:!0},_formErrors:{state:!0},_busy:{state:!0},_confirmDelete:{state:!0},_loaded:{state:!0}},Sn.styles=[Kt,o`
      .week {
        display: grid;
        grid-template-columns: 26px repeat(7, 1fr);
        gap: 0 2px;
      }
      .day-head {
        text-align: center;
        font-size: 0.75em;
        color: var(--sg-muted);
        text-transform: capitalize;
      }
      .hours,
      .col {
        position: relative;
        height: ${264}px;
      }
      .col {
        background: var(--secondary-background-color, rgba(127, 127, 127, 0.06));
        border-radius: 4px;
      }
      .hours span {
        position: absolute;
        right: 2px;
        font-size: 0.65em;
        color: var(--sg-muted);
        transform: translateY(-50%);
      }
      .blk {
        position: absolute;
        box-sizing: border-box;
        border-radius: 3px;
        background: color-mix(in srgb, var(--a) 75%, transparent);
        border-left: 3px solid var(--a);
        font-size: 0.65em;
        line-height: 1.1;
        color: var(--primary-text-color);
        overflow: hidden;
        padding: 1px 2px;
        cursor: pointer;
        min-height: 3px;
      }
      .blk.off {
        background: repeating-linear-gradient(
          45deg,
          transparent 0 3px,
          color-mix(in srgb, var(--a) 35%, transparent) 3px 6px
        );
      }
      .list {
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      .row {
        display: flex;
        align-items: center;
        gap: 6px;
        flex-wrap: wrap;
      }
      .row .name {
        flex: 1 1 120px;
        min-width: 0;
      }
      .row .swatch {
        width: 10px;
        height: 10px;
        border-radius: 2px;
        background: var(--a);
      }
      .row button {
        min-height: 30px;
        padding: 2px 8px;
      }
      .form {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(120px, 1fr));
        gap: 6px;
      }
      .days {
        grid-column: 1 / -1;
        display: flex;
        flex-wrap: wrap;
        gap: 2px 8px;
        font-size: 0.85em;
      }
      .form-buttons {
        grid-column: 1 / -1;
        display: flex;
        justify-content: flex-end;
        gap: 6px;
      }
    `];var Tn=[[`sigenstor-dashboard-card`,Jt],[`sigenstor-plan-card`,ln],[`sigenstor-schedule-card`,wn],[`sigenstor-dashboard-card-editor`,kt],[`sigenstor-plan-card-editor`,At],[`sigenstor-schedule-card-editor`,jt]],En=[{type:`sigenstor-dashboard-card`,name:`SigenStor dashboard`,description:`Battery, power flow, Amber prices, override controls, optimiser and today's energy.`,preview:!0},{type:`sigenstor-plan-card`,name:`SigenStor plan`,description:`The optimiser's next hours: price, planned SoC, PV and load forecast, actions.`,preview:!0},{type:`sigenstor-schedule-card`,name:`SigenStor schedules`,description:`Week view of charge, discharge and hold schedules, with editing.`,preview:!0}];function Dn(){for(let[e,t]of Tn)customElements.get(e)||customElements.define(e,t);window.customCards??=[];for(let e of En)window.customCards.some(t=>t.type===e.type)||window.customCards.push(e)}Dn();export{Jt as SigenstorDashboardCard,ln as SigenstorPlanCard,wn as SigenstorScheduleCard,Dn as register};
var e=globalThis,t=e.ShadowRoot&&(e.ShadyCSS===void 0||e.ShadyCSS.nativeShadow)&&`adoptedStyleSheets`in Document.prototype&&`replace`in CSSStyleSheet.prototype,n=Symbol(),r=/* @__PURE__ */ new WeakMap,i=class{constructor(e,t,r){if(this._$cssResult$=!0,r!==n)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,n=this.t;if(t&&e===void 0){let t=n!==void 0&&n.length===1;t&&(e=r.get(n)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),t&&r.set(n,e))}return e}toString(){return this.cssText}},a=e=>new i(typeof e==`string`?e:e+``,void 0,n),o=(e,...t)=>new i(e.length===1?e[0]:t.reduce((t,n,r)=>t+(e=>{if(!0===e._$cssResult$)return e.cssText;if(typeof e==`number`)return e;throw Error(`Value passed to 'css' function must be a 'css' function result: `+e+`. Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.`)})(n)+e[r+1],e[0]),e,n),s=(n,r)=>{if(t)n.adoptedStyleSheets=r.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let t of r){let r=document.createElement(`style`),i=e.litNonce;i!==void 0&&r.setAttribute(`nonce`,i),r.textContent=t.cssText,n.appendChild(r)}},c=t?e=>e:e=>e instanceof CSSStyleSheet?(e=>{let t=``;for(let n of e.cssRules)t+=n.cssText;return a(t)})(e):e,{is:l,defineProperty:u,getOwnPropertyDescriptor:d,getOwnPropertyNames:f,getOwnPropertySymbols:p,getPrototypeOf:ee}=Object,m=globalThis,h=m.trustedTypes,te=h?h.emptyScript:``,ne=m.reactiveElementPolyfillSupport,g=(e,t)=>e,_={toAttribute(e,t){switch(t){case Boolean:e=e?te:null;break;case Object:case Array:e=e==null?e:JSON.stringify(e)}return e},fromAttribute(e,t){let n=e;switch(t){case Boolean:n=e!==null;break;case Number:n=e===null?null:Number(e);break;case Object:case Array:try{n=JSON.parse(e)}catch{n=null}}return n}},v=(e,t)=>!l(e,t),y={attribute:!0,type:String,converter:_,reflect:!1,useDefault:!1,hasChanged:v};Symbol.metadata??=Symbol(`metadata`),m.litPropertyMetadata??=/* @__PURE__ */ new WeakMap;var b=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=y){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let n=Symbol(),r=this.getPropertyDescriptor(e,n,t);r!==void 0&&u(this.prototype,e,r)}}static getPropertyDescriptor(e,t,n){let{get:r,set:i}=d(this.prototype,e)??{get(){return this[t]},set(e){this[t]=e}};return{get:r,set(t){let a=r?.call(this);i?.call(this,t),this.requestUpdate(e,a,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??y}static _$Ei(){if(this.hasOwnProperty(g(`elementProperties`)))return;let e=ee(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(g(`finalized`)))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(g(`properties`))){let e=this.properties,t=[...f(e),...p(e)];for(let n of t)this.createProperty(n,e[n])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[e,n]of t)this.elementProperties.set(e,n)}this._$Eh=/* @__PURE__ */ new Map;for(let[e,t]of this.elementProperties){let n=this._$Eu(e,t);n!==void 0&&this._$Eh.set(n,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let n=new Set(e.flat(1/0).reverse());for(let e of n)t.unshift(c(e))}else e!==void 0&&t.push(c(e));return t}static _$Eu(e,t){let n=t.attribute;return!1===n?void 0:typeof n==`string`?n:typeof e==`string`?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=/* @__PURE__ */ new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=/* @__PURE__ */ new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=/* @__PURE__ */ new Map,t=this.constructor.elementProperties;for(let n of t.keys())this.hasOwnProperty(n)&&(e.set(n,this[n]),delete this[n]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return s(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,n){this._$AK(e,n)}_$ET(e,t){let n=this.constructor.elementProperties.get(e),r=this.constructor._$Eu(e,n);if(r!==void 0&&!0===n.reflect){let i=(n.converter?.toAttribute===void 0?_:n.converter).toAttribute(t,n.type);this._$Em=e,i==null?this.removeAttribute(r):this.setAttribute(r,i),this._$Em=null}}_$AK(e,t){let n=this.constructor,r=n._$Eh.get(e);if(r!==void 0&&this._$Em!==r){let e=n.getPropertyOptions(r),i=typeof e.converter==`function`?{fromAttribute:e.converter}:e.converter?.fromAttribute===void 0?_:e.converter;this._$Em=r;let a=i.fromAttribute(t,e.type);this[r]=a??this._$Ej?.get(r)??a,this._$Em=null}}requestUpdate(e,t,n,r=!1,i){if(e!==void 0){let a=this.constructor;if(!1===r&&(i=this[e]),n??=a.getPropertyOptions(e),!((n.hasChanged??v)(i,t)||n.useDefault&&n.reflect&&i===this._$Ej?.get(e)&&!this.hasAttribute(a._$Eu(e,n))))return;this.C(e,t,n)}!1===this.isUpdatePending&&(this._$ES=this._$EP())}C(e,t,{useDefault:n,reflect:r,wrapped:i},a){n&&!(this._$Ej??=/* @__PURE__ */ new Map).has(e)&&(this._$Ej.set(e,a??t??this[e]),!0!==i||a!==void 0)||(this._$AL.has(e)||(this.hasUpdated||n||(t=void 0),this._$AL.set(e,t)),!0===r&&this._$Em!==e&&(this._$Eq??=/* @__PURE__ */ new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[e,t]of this._$Ep)this[e]=t;this._$Ep=void 0}let e=this.constructor.elementProperties;if(e.size>0)for(let[t,n]of e){let{wrapped:e}=n,r=this[t];!0!==e||this._$AL.has(t)||r===void 0||this.C(t,void 0,n,r)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(e=>e.hostUpdate?.()),this.update(t)):this._$EM()}catch(t){throw e=!1,this._$EM(),t}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=/* @__PURE__ */ new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(e){}firstUpdated(e){}};b.elementStyles=[],b.shadowRootOptions={mode:`open`},b[g(`elementProperties`)]=/* @__PURE__ */ new Map,b[g(`finalized`)]=/* @__PURE__ */ new Map,ne?.({ReactiveElement:b}),(m.reactiveElementVersions??=[]).push(`2.1.2`);var x=globalThis,re=e=>e,S=x.trustedTypes,ie=S?S.createPolicy(`lit-html`,{createHTML:e=>e}):void 0,ae=`$lit$`,C=`lit$${Math.random().toFixed(9).slice(2)}$`,oe=`?`+C,se=`<${oe}>`,w=document,T=()=>w.createComment(``),ce=e=>e===null||typeof e!=`object`&&typeof e!=`function`,le=Array.isArray,ue=e=>le(e)||typeof e?.[Symbol.iterator]==`function`,de=`[ 	
\f\r]`,fe=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,pe=/-->/g,me=/>/g,E=RegExp(`>|${de}(?:([^\\s"'>=/]+)(${de}*=${de}*(?:[^ \t\n\f\r"'\`<>=]|("|')|))|$)`,`g`),he=/'/g,ge=/"/g,_e=/^(?:script|style|textarea|title)$/i,ve=e=>(t,...n)=>({_$litType$:e,strings:t,values:n}),D=ve(1),O=ve(2),k=Symbol.for(`lit-noChange`),A=Symbol.for(`lit-nothing`),ye=/* @__PURE__ */ new WeakMap,j=w.createTreeWalker(w,129);function be(e,t){if(!le(e)||!e.hasOwnProperty(`raw`))throw Error(`invalid template strings array`);return ie===void 0?t:ie.createHTML(t)}var xe=(e,t)=>{let n=e.length-1,r=[],i,a=t===2?`<svg>`:t===3?`<math>`:``,o=fe;for(let t=0;t<n;t++){let n=e[t],s,c,l=-1,u=0;for(;u<n.length&&(o.lastIndex=u,c=o.exec(n),c!==null);)u=o.lastIndex,o===fe?c[1]===`!--`?o=pe:c[1]===void 0?c[2]===void 0?c[3]!==void 0&&(o=E):(_e.test(c[2])&&(i=RegExp(`</`+c[2],`g`)),o=E):o=me:o===E?c[0]===`>`?(o=i??fe,l=-1):c[1]===void 0?l=-2:(l=o.lastIndex-c[2].length,s=c[1],o=c[3]===void 0?E:c[3]===`"`?ge:he):o===ge||o===he?o=E:o===pe||o===me?o=fe:(o=E,i=void 0);let d=o===E&&e[t+1].startsWith(`/>`)?` `:``;a+=o===fe?n+se:l>=0?(r.push(s),n.slice(0,l)+ae+n.slice(l)+C+d):n+C+(l===-2?t:d)}return[be(e,a+(e[n]||`<?>`)+(t===2?`</svg>`:t===3?`</math>`:``)),r]},Se=class e{constructor({strings:t,_$litType$:n},r){let i;this.parts=[];let a=0,o=0,s=t.length-1,c=this.parts,[l,u]=xe(t,n);if(this.el=e.createElement(l,r),j.currentNode=this.el.content,n===2||n===3){let e=this.el.content.firstChild;e.replaceWith(...e.childNodes)}for(;(i=j.nextNode())!==null&&c.length<s;){if(i.nodeType===1){if(i.hasAttributes())for(let e of i.getAttributeNames())if(e.endsWith(ae)){let t=u[o++],n=i.getAttribute(e).split(C),r=/([.?@])?(.*)/.exec(t);c.push({type:1,index:a,name:r[2],strings:n,ctor:r[1]===`.`?Ee:r[1]===`?`?De:r[1]===`@`?Oe:Te}),i.removeAttribute(e)}else e.startsWith(C)&&(c.push({type:6,index:a}),i.removeAttribute(e));if(_e.test(i.tagName)){let e=i.textContent.split(C),t=e.length-1;if(t>0){i.textContent=S?S.emptyScript:``;for(let n=0;n<t;n++)i.append(e[n],T()),j.nextNode(),c.push({type:2,index:++a});i.append(e[t],T())}}}else if(i.nodeType===8){if(i.data===oe)c.push({type:2,index:a});else{let e=-1;for(;(e=i.data.indexOf(C,e+1))!==-1;)c.push({type:7,index:a}),e+=C.length-1}}a++}}static createElement(e,t){let n=w.createElement(`template`);return n.innerHTML=e,n}};function M(e,t,n=e,r){if(t===k)return t;let i=r===void 0?n._$Cl:n._$Co?.[r],a=ce(t)?void 0:t._$litDirective$;return i?.constructor!==a&&(i?._$AO?.(!1),a===void 0?i=void 0:(i=new a(e),i._$AT(e,n,r)),r===void 0?n._$Cl=i:(n._$Co??=[])[r]=i),i!==void 0&&(t=M(e,i._$AS(e,t.values),i,r)),t}var Ce=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:n}=this._$AD,r=(e?.creationScope??w).importNode(t,!0);j.currentNode=r;let i=j.nextNode(),a=0,o=0,s=n[0];for(;s!==void 0;){if(a===s.index){let t;s.type===2?t=new we(i,i.nextSibling,this,e):s.type===1?t=new s.ctor(i,s.name,s.strings,this,e):s.type===6&&(t=new ke(i,this,e)),this._$AV.push(t),s=n[++o]}a!==s?.index&&(i=j.nextNode(),a++)}return j.currentNode=w,r}p(e){let t=0;for(let n of this._$AV)n!==void 0&&(n.strings===void 0?n._$AI(e[t]):(n._$AI(e,n,t),t+=n.strings.length-2)),t++}},we=class e{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,n,r){this.type=2,this._$AH=A,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=n,this.options=r,this._$Cv=r?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=M(this,e,t),ce(e)?e===A||e==null||e===``?(this._$AH!==A&&this._$AR(),this._$AH=A):e!==this._$AH&&e!==k&&this._(e):e._$litType$===void 0?e.nodeType===void 0?ue(e)?this.k(e):this._(e):this.T(e):this.$(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==A&&ce(this._$AH)?this._$AA.nextSibling.data=e:this.T(w.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:n}=e,r=typeof n==`number`?this._$AC(e):(n.el===void 0&&(n.el=Se.createElement(be(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===r)this._$AH.p(t);else{let e=new Ce(r,this),n=e.u(this.options);e.p(t),this.T(n),this._$AH=e}}_$AC(e){let t=ye.get(e.strings);return t===void 0&&ye.set(e.strings,t=new Se(e)),t}k(t){le(this._$AH)||(this._$AH=[],this._$AR());let n=this._$AH,r,i=0;for(let a of t)i===n.length?n.push(r=new e(this.O(T()),this.O(T()),this,this.options)):r=n[i],r._$AI(a),i++;i<n.length&&(this._$AR(r&&r._$AB.nextSibling,i),n.length=i)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let t=re(e).nextSibling;re(e).remove(),e=t}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},Te=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,n,r,i){this.type=1,this._$AH=A,this._$AN=void 0,this.element=e,this.name=t,this._$AM=r,this.options=i,n.length>2||n[0]!==``||n[1]!==``?(this._$AH=Array(n.length-1).fill(/* @__PURE__ */ new String),this.strings=n):this._$AH=A}_$AI(e,t=this,n,r){let i=this.strings,a=!1;if(i===void 0)e=M(this,e,t,0),a=!ce(e)||e!==this._$AH&&e!==k,a&&(this._$AH=e);else{let r=e,o,s;for(e=i[0],o=0;o<i.length-1;o++)s=M(this,r[n+o],t,o),s===k&&(s=this._$AH[o]),a||=!ce(s)||s!==this._$AH[o],s===A?e=A:e!==A&&(e+=(s??``)+i[o+1]),this._$AH[o]=s}a&&!r&&this.j(e)}j(e){e===A?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??``)}},Ee=class extends Te{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===A?void 0:e}},De=class extends Te{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==A)}},Oe=class extends Te{constructor(e,t,n,r,i){super(e,t,n,r,i),this.type=5}_$AI(e,t=this){if((e=M(this,e,t,0)??A)===k)return;let n=this._$AH,r=e===A&&n!==A||e.capture!==n.capture||e.once!==n.once||e.passive!==n.passive,i=e!==A&&(n===A||r);r&&this.element.removeEventListener(this.name,this,n),i&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH==`function`?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},ke=class{constructor(e,t,n){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(e){M(this,e)}},Ae=x.litHtmlPolyfillSupport;Ae?.(Se,we),(x.litHtmlVersions??=[]).push(`3.3.3`);var je=(e,t,n)=>{let r=n?.renderBefore??t,i=r._$litPart$;if(i===void 0){let e=n?.renderBefore??null;r._$litPart$=i=new we(t.insertBefore(T(),e),e,void 0,n??{})}return i._$AI(e),i},Me=globalThis,N=class extends b{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=je(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return k}};N._$litElement$=!0,N.finalized=!0,Me.litElementHydrateSupport?.({LitElement:N});var Ne=Me.litElementPolyfillSupport;Ne?.({LitElement:N}),(Me.litElementVersions??=[]).push(`4.2.2`);var Pe=`sigenstor`;function Fe(e,t,n,r){let i=e?.entities;if(!i)return;let a;for(let e of Object.values(i))if(e&&e.platform===`sigenstor`&&e.translation_key===t&&(!n||e.entity_id.startsWith(`${n}.`))){if(!r||e.device_id===r)return e.entity_id;a??=e.entity_id}return a}function P(e){if(!e)return null;let t=e.state;if(t===``||t===`unknown`||t===`unavailable`)return null;let n=Number(t);return Number.isFinite(n)?n:null}function F(e){if(!e)return null;let t=e.state;return t===``||t===`unknown`||t===`unavailable`?null:t}function I(e){return e?.state===`on`}function Ie(e){let t=e?.attributes.unit_of_measurement;return typeof t==`string`?t:void 0}function Le(e){let t=P(e);if(t===null)return null;let n=Ie(e);return n===`W`?t/1e3:n===`MW`?t*1e3:t}var Re=/* @__PURE__ */ new WeakMap;async function ze(e){let t=e.connection,n=Re.get(t);return n||(n=e.callWS({type:`config_entries/get`,domain:Pe}).then(e=>Array.isArray(e)?e:[]),n.catch(()=>Re.delete(t)),Re.set(t,n)),[...await n].sort((e,t)=>Number(t.state===`loaded`)-Number(e.state===`loaded`))}async function Be(e,t){return typeof t==`string`&&t?t:(await ze(e))[0]?.entry_id}async function Ve(e,t,n){let r=await e.connection.sendMessagePromise({type:`call_service`,domain:Pe,service:t,service_data:n,return_response:!0});if(!r||typeof r!=`object`||!(`response`in r))throw Error(`${t}: no response data`);return r.response}async function He(e,t,n){await e.callService(Pe,t,n)}function Ue(e){if(e instanceof Error)return e.message;if(e&&typeof e==`object`&&`message`in e){let t=e.message;if(typeof t==`string`)return t}return String(e)}function L(e,t,n){let r=e[t.key];if(r==null||r===``)return t.def;let i=typeof r==`number`?r:Number(r);return Number.isFinite(i)&&i>=t.min&&i<=t.max&&(!t.integer||Number.isInteger(i))?i:(n.push(`${t.key}: ${String(r)} is not between ${t.min} and ${t.max}; using ${t.def}`),t.def)}function We(e,t){let n=e[t];return typeof n==`string`&&n.trim()?n.trim():void 0}function Ge(e,t,n,r){let i=e[t];return i==null?n:typeof i==`boolean`?i:(r.push(`${t}: expected true or false; using ${n}`),n)}function Ke(e){if(!e||typeof e!=`object`||Array.isArray(e))throw Error(`Invalid configuration: expected a mapping`);return e}function qe(e,t){return{type:We(e,`type`)??t,title:We(e,`title`),device_id:We(e,`device_id`),entry_id:We(e,`entry_id`)}}function Je(e){let t=Ke(e),n=[],r=t.charge_source;r!==void 0&&r!==`grid`&&r!==`pv`&&n.push(`charge_source: ${String(r)} is not grid or pv; using grid`);let i={...qe(t,`custom:sigenstor-dashboard-card`),charge_power:L(t,{key:`charge_power`,def:3,min:.1,max:50},n),charge_target_soc:L(t,{key:`charge_target_soc`,def:90,min:1,max:100},n),charge_source:r===`pv`?`pv`:`grid`,export_power:L(t,{key:`export_power`,def:3,min:.1,max:50},n),export_floor_soc:L(t,{key:`export_floor_soc`,def:20,min:0,max:99},n),duration_minutes:L(t,{key:`duration_minutes`,def:60,min:0,max:1440,integer:!0},n),confirm:Ge(t,`confirm`,!0,n),show_controls:Ge(t,`show_controls`,!0,n),show_prices:Ge(t,`show_prices`,!0,n),show_energy:Ge(t,`show_energy`,!0,n),price_hours:L(t,{key:`price_hours`,def:6,min:1,max:24,integer:!0},n)};return i.export_floor_soc>=i.charge_target_soc&&n.push(`export_floor_soc is at or above charge_target_soc`),{config:i,warnings:n}}function Ye(e){let t=Ke(e),n=[];return{config:{...qe(t,`custom:sigenstor-plan-card`),hours_ahead:L(t,{key:`hours_ahead`,def:24,min:1,max:48,integer:!0},n),hours_back:L(t,{key:`hours_back`,def:6,min:0,max:24,integer:!0},n)},warnings:n}}function Xe(e){return{config:qe(Ke(e),`custom:sigenstor-schedule-card`),warnings:[]}}function Ze(e){return e>0?{duration:{hours:Math.floor(e/60),minutes:e%60}}:{}}function Qe(e){let t={type:e.type};for(let[n,r]of Object.entries(e))r!=null&&r!==``&&(t[n]=r);return t}var $e=[`pv_energy`,`load_energy`,`grid_import_energy`,`grid_export_energy`,`battery_charge_energy`,`battery_discharge_energy`];function et(e){if(!e||typeof e!=`object`)return null;let t=e.change;return typeof t==`number`&&Number.isFinite(t)?Math.max(0,t):null}function tt(e,t=null){let n=t=>e[t]??null,r=n(`pv_energy`)??t,i=n(`grid_import_energy`),a=n(`grid_export_energy`),o=n(`battery_charge_energy`),s=n(`battery_discharge_energy`),c=n(`load_energy`);c===null&&r!==null&&i!==null&&a!==null&&o!==null&&s!==null&&(c=Math.max(0,r+i+s-a-o));let l=null;return c!==null&&i!==null&&c>=.1&&(l=Math.round(Math.min(100,Math.max(0,(1-i/c)*100)))),{pv:r,load:c,imported:i,exported:a,charged:o,discharged:s,selfSufficiency:l}}var nt=.01,rt=e=>e!==null&&Number.isFinite(e)&&e>0?e:0;function it(e){return e.pv===null||e.battery===null||e.grid===null?null:Math.max(0,e.pv-e.battery+e.grid)}function at(e){let t=(e.house!==null&&Number.isFinite(e.house)?Math.max(0,e.house):null)??it(e),n=e.pv!==null&&e.battery!==null&&e.grid!==null,r=rt(e.pv),i=rt(e.battery),a=rt(e.battery===null?null:-e.battery),o=rt(e.grid),s=rt(e.grid===null?null:-e.grid),c=t??0,l=Math.min(r,c);c-=l;let u=Math.min(a,c);c-=u;let d=Math.min(o,c),f=r-l,p=Math.min(f,i);f-=p;let ee=Math.min(o-d,i-p),m=Math.min(f,s),h=Math.min(a-u,s-m);return{flows:[{from:`solar`,to:`house`,kw:l},{from:`solar`,to:`battery`,kw:p},{from:`solar`,to:`grid`,kw:m},{from:`battery`,to:`house`,kw:u},{from:`battery`,to:`grid`,kw:h},{from:`grid`,to:`house`,kw:d},{from:`grid`,to:`battery`,kw:ee}].map(e=>({...e,kw:Math.max(0,lt(e.kw))})).filter(e=>e.kw>=nt).sort((e,t)=>t.kw-e.kw),house:t===null?null:lt(t),complete:n}}function ot(e,t,n){let r=0;for(let i of e.flows)i.from===t&&i.to===n&&(r+=i.kw),i.from===n&&i.to===t&&(r-=i.kw);return lt(r)}function st(e,t){return e<=0||t<=0?0:lt(1.5+4.5*Math.sqrt(Math.min(e,t)/t))}function ct(e,t){return e<=0||t<=0?0:lt(4-Math.min(e,t)/t*3.4)}function lt(e){return Math.round(e*1e3)/1e3}var ut={"common.loading":`Wird geladen…`,"common.cancel":`Abbrechen`,"common.no_entry":`Kein SigenStor-Konfigurationseintrag gefunden`,"common.override_active":`MANUELLE STEUERUNG`,"common.manual_control":`Manuelle Steuerung`,"common.until_cleared":`bis zur Aufhebung`,"common.time_left":`noch {time}`,"common.estop":`NOTHALT`,"action.charge_grid":`Laden aus dem Netz`,"action.charge_pv":`Laden aus Solar`,"action.discharge":`Entladen`,"action.export":`Einspeisen`,"action.hold":`Halten`,"action.self_consumption":`Eigenverbrauch`,"action.idle":`Ruhe`,"action.charge":`Laden`,"action.force_charge":`Laden erzwingen`,"action.force_hold":`Halten erzwingen`,"action.force_export":`Einspeisen erzwingen`,"action.change":`Wechsel`,"mode.auto":`automatisch`,"mode.shadow":`Schattenbetrieb`,"mode.off":`aus`,"dash.missing":`Keine SigenStor-Entitäten gefunden. Ist die Integration eingerichtet?`,"dash.estop_sub":`Die Batteriesteuerung ist freigegeben und automatische Schreibvorgänge sind gesperrt.`,"dash.release":`Freigeben`,"dash.external":`ANDERE STEUERUNG`,"dash.external_sub":`Remote-EMS wird von einer anderen Steuerung gehalten (ein VPP oder die App). Home Assistant schreibt nichts automatisch, bis sie es zurückgibt.`,"dash.take_back":`Zurückholen`,"dash.releasing":`WIRD FREIGEGEBEN`,"dash.releasing_sub":`Warten, bis die Anlage die Freigabe der Fernsteuerung bestätigt.`,"dash.unconfirmed":`NICHT BESTÄTIGT`,"dash.unconfirmed_sub":`Die Anlage hat den letzten Befehl nicht übernommen, daher wurde die Steuerung freigegeben.`,"dash.prices":`Amber-Preise`,"dash.optimiser":`Optimierer`,"dash.optimiser_missing":`Optimierer nicht verfügbar`,"dash.next":`Nächster Wechsel: {action} um {time}`,"dash.planned_soc":`geplanter Ladestand {soc}`,"dash.saved_today":`heute gespart {amount}`,"dash.btn.charge":`Laden`,"dash.btn.hold":`Halten`,"dash.btn.export":`Einspeisen`,"dash.btn.stop":`Stopp`,"dash.btn.estop":`Nothalt`,"dash.power_kw":`Leistung (kW)`,"dash.stop_at_soc":`Stopp bei Ladestand (%)`,"dash.floor_soc":`Mindest-Ladestand (%)`,"dash.source":`Quelle`,"dash.grid":`Netz`,"dash.solar_only":`Nur Solar`,"dash.minutes":`Minuten (0 = bis zur Aufhebung)`,"dash.start":`Starten`,"dash.today":`Heute`,"tile.solar":`Solar`,"tile.house":`Haus`,"tile.bought":`Bezogen`,"tile.sold":`Eingespeist`,"tile.charged":`Geladen`,"tile.discharged":`Entladen`,"dash.self_sufficiency":`Autarkie {pct}`,"flow.battery":`Batterie`,"flow.battery_aria":`Batterie {soc}`,"flow.unknown":`unbekannt`,"flow.idle":`Ruhe`,"flow.charging":`lädt`,"flow.discharging":`entlädt`,"flow.importing":`Bezug`,"flow.exporting":`Einspeisung`,"price.buy":`Bezug`,"price.feed_in":`Einspeisung`,"price.none":`Keine Preisprognose`,"price.range":`nächste {hours} h: Bezug {min} bis {max}`,"price.aria":`Preise, nächste {hours} Stunden`,"trend.rising":`steigend`,"trend.falling":`fallend`,"trend.flat":`gleichbleibend`,"trend.unknown":``,"plan.title":`Batterieplan`,"plan.empty":`Noch kein Plan`,"plan.aria":`Plandiagramm`,"plan.soc":`Ladestand`,"plan.pv":`PV`,"plan.load":`Verbrauch`,"plan.buy":`Bezug`,"plan.feed_in":`Einspeisung`,"plan.reserve":`Mindestladestand {soc}`,"plan.planned":`geplant`,"plan.recorded":`aufgezeichnet`,"plan.override":`Manuelle Steuerung aktiv: {mode} · {left}`,"plan.estop":`Nothalt: der Plan wird nicht ausgeführt`,"sched.title":`Zeitpläne`,"sched.add":`Hinzufügen`,"sched.empty":`Noch keine Zeitpläne`,"sched.unavailable":`Zeitpläne nicht verfügbar: {error}`,"sched.on":`An`,"sched.off":`Aus`,"sched.edit":`Bearbeiten`,"sched.delete":`Löschen`,"sched.confirm":`Bestätigen`,"sched.name":`Name`,"sched.action":`Aktion`,"sched.start":`Beginn`,"sched.end":`Ende (vor Beginn = nach Mitternacht)`,"sched.days":`Tage`,"sched.power":`Leistung kW (leer = Anlagengrenze)`,"sched.stop_at":`Stopp bei Ladestand %`,"sched.floor":`Mindest-Ladestand % (leer = keiner)`,"sched.priority":`Priorität`,"sched.enabled":`Aktiv`,"sched.save":`Speichern`,"sched.edit_title":`Zeitplan bearbeiten`,"sched.new_title":`Neuer Zeitplan`,"sched.week":`Wochenplan`,"err.name_required":`Name ist erforderlich`,"err.name_long":`Höchstens {max} Zeichen`,"err.action":`Unbekannte Aktion`,"err.time":`Format HH:MM`,"err.same_time":`Ende muss sich vom Beginn unterscheiden`,"err.days":`Mindestens einen Tag wählen`,"err.priority":`Ganze Zahl von -{max} bis {max}`,"err.power":`Über 0 und höchstens {max} kW`,"err.soc":`0 bis 100 %`},dt={"common.loading":`Loading…`,"common.cancel":`Cancel`,"common.no_entry":`No SigenStor config entry found`,"common.override_active":`OVERRIDE ACTIVE`,"common.manual_control":`Manual control`,"common.until_cleared":`until cleared`,"common.time_left":`{time} left`,"common.estop":`EMERGENCY STOP`,"action.charge_grid":`Charge from grid`,"action.charge_pv":`Charge from solar`,"action.discharge":`Discharge`,"action.export":`Export`,"action.hold":`Hold`,"action.self_consumption":`Self-consumption`,"action.idle":`Idle`,"action.charge":`Charge`,"action.force_charge":`Force charge`,"action.force_hold":`Force hold`,"action.force_export":`Force export`,"action.change":`Change`,"mode.auto":`auto`,"mode.shadow":`shadow`,"mode.off":`off`,"dash.missing":`No SigenStor entities found. Is the integration set up?`,"dash.estop_sub":`Battery control is released and automatic writes are blocked.`,"dash.release":`Release`,"dash.external":`ANOTHER CONTROLLER`,"dash.external_sub":`Remote EMS is held by another controller (a VPP or the app). Home Assistant writes nothing automatically until it hands back.`,"dash.take_back":`Take back`,"dash.releasing":`RELEASING`,"dash.releasing_sub":`Waiting for the plant to confirm that remote control is released.`,"dash.unconfirmed":`NOT CONFIRMED`,"dash.unconfirmed_sub":`The plant did not take the last command, so control was released.`,"dash.prices":`Amber prices`,"dash.optimiser":`Optimiser`,"dash.optimiser_missing":`Optimiser not available`,"dash.next":`Next: {action} at {time}`,"dash.planned_soc":`planned SoC {soc}`,"dash.saved_today":`saved today {amount}`,"dash.btn.charge":`Charge`,"dash.btn.hold":`Hold`,"dash.btn.export":`Export`,"dash.btn.stop":`Stop`,"dash.btn.estop":`E-stop`,"dash.power_kw":`Power (kW)`,"dash.stop_at_soc":`Stop at SoC (%)`,"dash.floor_soc":`Floor SoC (%)`,"dash.source":`From`,"dash.grid":`Grid`,"dash.solar_only":`Solar only`,"dash.minutes":`Minutes (0 = until cleared)`,"dash.start":`Start`,"dash.today":`Today`,"tile.solar":`Solar`,"tile.house":`House`,"tile.bought":`Bought`,"tile.sold":`Sold`,"tile.charged":`Charged`,"tile.discharged":`Discharged`,"dash.self_sufficiency":`Self-sufficiency {pct}`,"flow.battery":`battery`,"flow.battery_aria":`Battery {soc}`,"flow.unknown":`unknown`,"flow.idle":`idle`,"flow.charging":`charging`,"flow.discharging":`discharging`,"flow.importing":`importing`,"flow.exporting":`exporting`,"price.buy":`Buy`,"price.feed_in":`Feed-in`,"price.none":`No price forecast`,"price.range":`next {hours} h: buy {min} to {max}`,"price.aria":`Prices, next {hours} hours`,"trend.rising":`rising`,"trend.falling":`falling`,"trend.flat":`flat`,"trend.unknown":``,"plan.title":`Battery plan`,"plan.empty":`No plan yet`,"plan.aria":`Plan chart`,"plan.soc":`SoC`,"plan.pv":`PV`,"plan.load":`Load`,"plan.buy":`Buy`,"plan.feed_in":`Feed-in`,"plan.reserve":`SoC floor {soc}`,"plan.planned":`planned`,"plan.recorded":`recorded`,"plan.override":`Override active: {mode} · {left}`,"plan.estop":`Emergency stop: the plan is not carried out`,"sched.title":`Schedules`,"sched.add":`Add`,"sched.empty":`No schedules yet`,"sched.unavailable":`Schedules unavailable: {error}`,"sched.on":`On`,"sched.off":`Off`,"sched.edit":`Edit`,"sched.delete":`Delete`,"sched.confirm":`Confirm`,"sched.name":`Name`,"sched.action":`Action`,"sched.start":`Start`,"sched.end":`End (before start = past midnight)`,"sched.days":`Days`,"sched.power":`Power kW (empty = plant limit)`,"sched.stop_at":`Stop at SoC %`,"sched.floor":`Floor SoC % (empty = none)`,"sched.priority":`Priority`,"sched.enabled":`Enabled`,"sched.save":`Save`,"sched.edit_title":`Edit schedule`,"sched.new_title":`New schedule`,"sched.week":`Week schedule`,"err.name_required":`Name is required`,"err.name_long":`At most {max} characters`,"err.action":`Unknown action`,"err.time":`Use HH:MM`,"err.same_time":`End must differ from start`,"err.days":`Pick at least one day`,"err.priority":`Whole number from -{max} to {max}`,"err.power":`Above 0 and at most {max} kW`,"err.soc":`0 to 100 %`},ft={en:dt,de:ut};function pt(e,t){switch(t){case`comma_decimal`:return[[`en-US`,`en`],!0];case`decimal_comma`:return[[`de`,`es`,`it`],!0];case`space_comma`:return[[`fr`,`sv`,`cs`],!0];case`system`:return[void 0,!0];case`none`:return[e,!1];default:return[e,!0]}}function mt(e,t,n){let r=e?.language||t||`en`,i=r.split(/[-_]/)[0].toLowerCase(),[a,o]=pt(r,e?.number_format),s=e?.time_format;return{lang:ft[i]?i:`en`,strings:ft[i]??dt,numberLocale:a,grouping:o,timeLocale:s===`system`?void 0:r,hour12:s===`12`||s!==`24`&&void 0,timeZone:e?.time_zone===`server`&&n?n:void 0}}var R={...mt({language:`en`,time_format:`24`})};function z(e,t,n={}){return(e.strings[t]??dt[t]??t).replace(/\{(\w+)\}/g,(e,t)=>t in n?String(n[t]):e)}function B(e,t){if(!t)return`—`;let n=`action.${t}`;if(n in dt)return z(e,n);let r=t.replace(/_/g,` `);return r.charAt(0).toUpperCase()+r.slice(1)}var ht=/* @__PURE__ */ new Map;function V(e,t,n=R){let r=`${String(n.numberLocale)}|${n.grouping}|${t}`,i=ht.get(r);i||(i=new Intl.NumberFormat(n.numberLocale,{minimumFractionDigits:t,maximumFractionDigits:t,useGrouping:n.grouping}),ht.set(r,i));let a=i.format(e);return/^-0([.,\s]0+)?$/.test(a)?a.slice(1):a}var H=e=>e!=null&&Number.isFinite(e);function gt(e,t=R){if(!H(e))return`—`;let n=Math.abs(e);return`${V(e,n>=10?0:n>=1?1:2,t)} kW`}function _t(e,t=R){return H(e)?`${V(e,1,t)} kWh`:`—`}function U(e,t=R){return H(e)?`${V(Math.round(e),0,t)} %`:`—`}function W(e,t=R){if(!H(e))return`—`;let n=e*100;return`${V(n,Math.abs(n)>=100?0:1,t)} c/kWh`}function vt(e,t=R){return H(e)?`${e<0?`-`:``}$${V(Math.abs(e),2,t)}`:`—`}function yt(e){if(!H(e))return`—`;if(e<1)return`< 1 min`;let t=Math.round(e),n=Math.floor(t/60),r=t%60;return n?`${n} h ${String(r).padStart(2,`0`)} min`:`${r} min`}var bt=/* @__PURE__ */ new Map;function xt(e){return e.hour12===void 0?new Date(2023,0,1,22).toLocaleString(e.timeLocale).includes(`10`):e.hour12}function St(e){let t=xt(e),n=`${e.timeLocale}|${t}|${e.timeZone}`,r=bt.get(n);return r||(r=new Intl.DateTimeFormat(e.timeLocale,{hour:t?`numeric`:`2-digit`,minute:`2-digit`,hourCycle:t?`h12`:`h23`,timeZone:e.timeZone}),bt.set(n,r)),r}function G(e,t=R){if(e==null||e===``)return`—`;let n=typeof e==`number`?e:Date.parse(e);return Number.isFinite(n)?St(t).format(new Date(n)):`—`}function Ct(e,t=R){let n=/^(\d{1,2}):(\d{2})/.exec(e);return n?G(Date.UTC(2024,0,1,Number(n[1]),Number(n[2])),{...t,timeZone:`UTC`}):e}var wt=/* @__PURE__ */ new Map;function Tt(e,t=R){let n=t.timeLocale??``,r=wt.get(n);return r||(r=new Intl.DateTimeFormat(t.timeLocale,{weekday:`short`,timeZone:`UTC`}),wt.set(n,r)),r.format(new Date(Date.UTC(2024,0,1+e,12)))}function Et(e,t,n){if(e===null)return null;let r=Date.parse(t??``),i=Number.isFinite(r)?Math.max(0,(n-r)/6e4):0;return Math.max(0,e-i)}function Dt(e,t){if(!Array.isArray(e))return[];let n=[];for(let r of e){if(!r||typeof r!=`object`)continue;let e=r[t],i=Date.parse(r.start_time??``),a=Date.parse(r.end_time??``);typeof e==`number`&&Number.isFinite(e)&&(!Number.isFinite(i)||!Number.isFinite(a)||a<=i||r.type!==`ActualInterval`&&n.push({start:i,end:a,value:e,spike:r.spike_status===`spike`}))}n.sort((e,t)=>e.end-e.start-(t.end-t.start)||e.start-t.start);let r=[];for(let e of n){let t=[e];for(let e of r)t=t.flatMap(t=>{if(e.end<=t.start||e.start>=t.end)return[t];let n=[];return t.start<e.start&&n.push({...t,end:e.start}),e.end<t.end&&n.push({...t,start:e.end}),n});r.push(...t)}return r.sort((e,t)=>e.start-t.start)}function Ot(e,t,n=6){let r=t+n*36e5,i=e.filter(e=>e.end>t&&e.start<r),a=i.find(e=>e.start<=t&&t<e.end)??null;if(i.length===0)return{now:null,points:[],min:null,max:null,mean:null,trend:`unknown`};let o=i.map(e=>e.value),s=0,c=0;for(let e of i){let n=Math.min(e.end,r)-Math.max(e.start,t);s+=e.value*n,c+=n}let l=c>0?s/c:null,u=a?.value??null;return{now:u,points:i,min:Math.min(...o),max:Math.max(...o),mean:l,trend:kt(u,i,t)}}function kt(e,t,n){let r=t.filter(e=>e.start>n);if(e===null||r.length===0)return`unknown`;let i=r.reduce((e,t)=>e+t.value,0)/r.length;return i-e>.02?`rising`:e-i>.02?`falling`:`flat`}function At(e,t,n,r,i,a,o){if(e.length===0||n<=t)return``;let s=o-a||1,c=e=>Mt((Math.min(Math.max(e,t),n)-t)/(n-t)*r),l=e=>Mt(i-(e-a)/s*i),u=``,d=null;for(let r of e){if(r.end<=t||r.start>=n)continue;let e=d===null||r.start>d?`M`:`L`;u+=`${e}${c(r.start)},${l(r.value)}L${c(r.end)},${l(r.value)}`,d=r.end}return u}function jt(e){let t=e.filter(e=>Number.isFinite(e));if(t.length===0)return[0,1];let n=Math.min(0,...t),r=Math.max(0,...t),i=(r-n||.1)*.1;return[n<0?n-i:0,r+i]}function Mt(e){return Math.round(e*10)/10}var Nt,K=class extends N{constructor(){super(),this.refreshMs=3e5,this._warnings=[],this._error=void 0}requestRefresh(){return this._inflight??=this.refresh().finally(()=>this._inflight=void 0),this._inflight}setConfig(e){let{config:t,warnings:n}=this.validate(e),r=t.entry_id!==this._config?.entry_id;this._config=t,this._warnings=n,r&&(this._entryId=void 0),this.isConnected&&this.hass&&this.requestRefresh()}connectedCallback(){super.connectedCallback(),this._timer??=setInterval(()=>void this.requestRefresh(),this.refreshMs),this.hass&&this._config&&this.requestRefresh()}disconnectedCallback(){super.disconnectedCallback(),this._timer&&clearInterval(this._timer),this._timer=void 0}willUpdate(e){e.has(`hass`)&&!e.get(`hass`)&&this.hass&&this._config&&this.isConnected&&this.requestRefresh()}get loc(){let e=this.hass?.locale??this.hass?.language;return this._loc&&this._loc.from===e||(this._loc={from:e,loc:mt(this.hass?.locale,this.hass?.language,this.hass?.config?.time_zone)}),this._loc.loc}tr(e,t){return z(this.loc,e,t)}eid(e,t){return Fe(this.hass,e,t,this._config?.device_id)}ent(e,t){let n=this.eid(e,t);return n?this.hass?.states[n]:void 0}async entryId(){if(this.hass)return this._entryId??=await Be(this.hass,this._config?.entry_id),this._entryId}};Nt=K,Nt.properties={hass:{attribute:!1},_config:{state:!0},_warnings:{state:!0},_error:{state:!0}};var Pt,Ft={name:`title`,selector:{text:{}}},It={name:`device_id`,selector:{device:{filter:{integration:`sigenstor`}}}},Lt={name:`entry_id`,selector:{config_entry:{integration:`sigenstor`}}},q=(e,t,n,r,i)=>({name:e,selector:{number:{min:t,max:n,step:r,unit_of_measurement:i,mode:`box`}}}),Rt=e=>({name:e,selector:{boolean:{}}}),J=(...e)=>({name:``,type:`grid`,schema:e}),zt=[Ft,J(It,Lt),J(q(`charge_power`,.1,50,.1,`kW`),q(`charge_target_soc`,1,100,1,`%`),{name:`charge_source`,selector:{select:{mode:`dropdown`,options:[`grid`,`pv`]}}},q(`export_power`,.1,50,.1,`kW`),q(`export_floor_soc`,0,99,1,`%`),q(`duration_minutes`,0,1440,5,`min`),q(`price_hours`,1,24,1,`h`)),J(Rt(`confirm`),Rt(`show_controls`),Rt(`show_prices`),Rt(`show_energy`))],Bt=[Ft,J(It,Lt),J(q(`hours_ahead`,1,48,1,`h`),q(`hours_back`,0,24,1,`h`))],Vt=[Ft,J(It,Lt)],Ht={title:`Title`,device_id:`Plant device (optional)`,entry_id:`Config entry (optional)`,charge_power:`Force charge power`,charge_target_soc:`Charge to SoC`,charge_source:`Charge from`,export_power:`Force export power`,export_floor_soc:`Export down to SoC`,duration_minutes:`Duration (0 = until cleared)`,price_hours:`Price trend hours`,confirm:`Ask before forcing`,show_controls:`Show control buttons`,show_prices:`Show prices`,show_energy:`Show today's energy`,hours_ahead:`Hours ahead`,hours_back:`Hours back (history)`};async function Ut(){if(!customElements.get(`ha-form`))try{let e=window.loadCardHelpers;if(!e)return;await(await e()).createCardElement({type:`entities`,entities:[]}).constructor.getConfigElement?.()}catch{}}var Wt=class extends N{constructor(...e){super(...e),this.schema=[],this.hint=``}setConfig(e){this._config=e}render(){return this._config?D`<ha-form
        .hass=${this.hass}
        .data=${this._config}
        .schema=${this.schema}
        .computeLabel=${e=>Ht[e.name]??e.name}
        @value-changed=${this._changed}
      ></ha-form>
      ${this.hint?D`<div class="hint">${this.hint}</div>`:A}`:A}_changed(e){e.stopPropagation();let t=Qe({...e.detail.value,type:this._config?.type??e.detail.value.type});this._config=t,this.dispatchEvent(new CustomEvent(`config-changed`,{detail:{config:t},bubbles:!0,composed:!0}))}};Pt=Wt,Pt.properties={hass:{attribute:!1},_config:{state:!0}},Pt.styles=o`
    .hint {
      color: var(--secondary-text-color);
      font-size: 0.85em;
      margin-top: 8px;
    }
  `;var Gt=class extends Wt{constructor(...e){super(...e),this.schema=zt,this.hint=`Entities are found automatically; pick a device only with several plants.`}},Kt=class extends Wt{constructor(...e){super(...e),this.schema=Bt}},qt=class extends Wt{constructor(...e){super(...e),this.schema=Vt}},Jt=135;function Yt(e,t,n,r){let i=r*Math.PI/180;return[$t(e+n*Math.cos(i)),$t(t+n*Math.sin(i))]}function Xt(e,t,n,r,i){let a=Qt(r),o=Qt(i);if(o<=a)return``;let s=Jt+a/100*270,c=Jt+o/100*270,[l,u]=Yt(e,t,n,s),[d,f]=Yt(e,t,n,c);return`M${l},${u}A${n},${n} 0 ${+(c-s>180)} 1 ${d},${f}`}function Zt(e){return e===null||!Number.isFinite(e)?`unknown`:e<20?`low`:e<50?`medium`:`high`}function Qt(e){return Number.isFinite(e)?Math.min(100,Math.max(0,e)):0}function $t(e){return Math.round(e*100)/100}function en(e,t,n,r){return D`<div class="gauge ${Zt(e)}">
    <svg viewBox="0 0 100 100" role="img" aria-label=${z(r,`flow.battery_aria`,{soc:e===null?z(r,`flow.unknown`):U(e,r)})}>
      <path class="track" d=${Xt(50,50,40,0,100)}></path>
      ${e===null?A:O`<path class="value" d=${Xt(50,50,40,0,e)}></path>`}
      <text x="50" y="52" class="soc-value">${e===null?`—`:`${Math.round(e)}%`}</text>
      <text x="50" y="67" class="soc-label">${z(r,`flow.battery`)}</text>
    </svg>
    <div class="temp">${t===null?`—`:`${V(t,1,r)} ${n}`}</div>
  </div>`}var tn={solar:[100,22],grid:[24,80],house:[176,80],battery:[100,138]},nn=[[`solar`,`house`],[`solar`,`battery`],[`solar`,`grid`],[`grid`,`house`],[`grid`,`battery`],[`battery`,`house`]],rn={solar:`mdi:solar-power-variant`,grid:`mdi:transmission-tower`,house:`mdi:home`,battery:`mdi:home-battery`};function an(e,t){let[n,r]=tn[e],[i,a]=tn[t],o=20/Math.hypot(i-n,a-r),s=n+(i-n)*o,c=r+(a-r)*o,l=i-(i-n)*o,u=a-(a-r)*o;return`M${s.toFixed(1)},${c.toFixed(1)}L${l.toFixed(1)},${u.toFixed(1)}`}function on(e,t,n,r){let i=nn.map(([t,r])=>{let i=ot(e,t,r),[a,o]=i>=0?[t,r]:[r,t],s=Math.abs(i);return s<=0?O`<path class="link idle" d=${an(t,r)}></path>`:O`<path class="link idle" d=${an(t,r)}></path>
      <path
        class="link flow from-${a}"
        data-from=${a}
        data-to=${o}
        data-kw=${s}
        d=${an(a,o)}
        style="stroke-width:${st(s,n)};animation-duration:${ct(s,n)}s"
      ></path>`}),a=t.battery,o=t.grid,s={solar:``,house:``,battery:z(r,a===null||Math.abs(a)<.01?`flow.idle`:a>0?`flow.charging`:`flow.discharging`),grid:z(r,o===null||Math.abs(o)<.01?`flow.idle`:o>0?`flow.importing`:`flow.exporting`)},c={solar:t.pv,house:e.house,battery:a===null?null:Math.abs(a),grid:o===null?null:Math.abs(o)};return D`<div class="flow">
    <svg viewBox="0 0 200 160" aria-hidden="true">${i}</svg>
    ${Object.keys(tn).map(e=>D`<div class="node node-${e}" data-node=${e} style="left:${tn[e][0]/200*100}%;top:${tn[e][1]/160*100}%">
        <ha-icon .icon=${rn[e]}></ha-icon>
        <span class="kw">${gt(c[e],r)}</span>
        ${s[e]?D`<span class="sub">${s[e]}</span>`:A}
      </div>`)}
  </div>`}function sn(e,t,n,r,i){let a=n+r*36e5,[o,s]=jt([...e.points.map(e=>e.value),...t.points.map(e=>e.value)]),c=40-(0-o)/(s-o||1)*40,l={rising:`↗`,falling:`↘`,flat:`→`,unknown:``},u=e.points.length>0||t.points.length>0;return D`<div class="prices">
    <div class="price buy">
      <span class="label">${z(i,`price.buy`)}</span>
      <span class="value ${e.now!==null&&e.now<0?`negative`:``}">${W(e.now,i)}</span>
      <span class="trend" title=${z(i,`trend.${e.trend}`)}>${l[e.trend]}</span>
    </div>
    <div class="price feed-in">
      <span class="label">${z(i,`price.feed_in`)}</span>
      <span class="value ${t.now!==null&&t.now<0?`negative`:``}">${W(t.now,i)}</span>
      <span class="trend" title=${z(i,`trend.${t.trend}`)}>${l[t.trend]}</span>
    </div>
    ${u?D`<svg class="spark" viewBox="0 0 200 40" preserveAspectRatio="none" aria-label=${z(i,`price.aria`,{hours:r})}>
            ${o<0?O`<line class="zero" x1="0" x2="200" y1=${c} y2=${c}></line>`:A}
            <path class="buy-line" d=${At(e.points,n,a,200,40,o,s)}></path>
            <path class="feed-line" d=${At(t.points,n,a,200,40,o,s)}></path>
          </svg>
          <div class="muted range">
            ${z(i,`price.range`,{hours:r,min:W(e.min,i),max:W(e.max,i)})}
          </div>`:D`<div class="muted">${z(i,`price.none`)}</div>`}
  </div>`}function cn(e,t){let n=(e,n,r)=>D`<div class="tile ${e}"><span class="muted">${z(t,n)}</span><span class="v">${_t(r,t)}</span></div>`;return D`<div class="tiles">
    ${n(`t-pv`,`tile.solar`,e.pv)} ${n(`t-load`,`tile.house`,e.load)} ${n(`t-import`,`tile.bought`,e.imported)}
    ${n(`t-export`,`tile.sold`,e.exported)} ${n(`t-charge`,`tile.charged`,e.charged)}
    ${n(`t-discharge`,`tile.discharged`,e.discharged)}
  </div>
  ${e.selfSufficiency===null?A:D`<div class="muted self">${z(t,`dash.self_sufficiency`,{pct:U(e.selfSufficiency,t)})}</div>`}`}function ln(e,t){if(e.decision===null&&e.reason===null&&e.mode===null)return D`<div class="section optimiser"><div class="section-title">${z(t,`dash.optimiser`)}</div>
      <div class="muted">${z(t,`dash.optimiser_missing`)}</div></div>`;let n=e.mode&&`mode.${e.mode}`in t.strings?z(t,`mode.${e.mode}`):e.mode,r=[e.next?D`<span class="next"
          >${z(t,`dash.next`,{action:typeof e.nextAction==`string`?B(t,e.nextAction):z(t,`action.change`),time:G(e.next,t)})}</span
        >`:null,e.planned===null?null:D`<span>${z(t,`dash.planned_soc`,{soc:U(e.planned,t)})}</span>`,e.savings===null?null:D`<span>${z(t,`dash.saved_today`,{amount:vt(e.savings,t)})}</span>`].filter(e=>e!==null);return D`<div class="section optimiser">
    <div class="section-title">${z(t,`dash.optimiser`)}${n?D` · <span class="mode">${n}</span>`:A}</div>
    <div class="decision a-${e.decision??`idle`}"><span class="dot"></span>${B(t,e.decision)}</div>
    ${e.reason?D`<div class="reason">${e.reason}</div>`:A}
    <div class="muted opt-meta">${r.map((e,t)=>t?D` · ${e}`:e)}</div>
  </div>`}var un=o`
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
`,dn=o`
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
    /* The plan's SoC line: not the self-consumption teal it is drawn over. */
    --sg-soc: var(--energy-battery-in-color, #f06292);
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
`,fn,pn=class extends K{constructor(){super(),this._created=performance.now(),this._buy=[],this._feedIn=[],this._energy={},this._busy=!1,this._now=Date.now()}static getStubConfig(){return{type:`custom:sigenstor-dashboard-card`}}static async getConfigElement(){return await Ut(),document.createElement(`sigenstor-dashboard-card-editor`)}getCardSize(){return 10}getGridOptions(){return{columns:12,rows:`auto`,min_columns:6}}validate(e){return Je(e)}connectedCallback(){super.connectedCallback(),this._tick??=setInterval(()=>this._now=Date.now(),3e4)}disconnectedCallback(){super.disconnectedCallback(),this._tick&&clearInterval(this._tick),this._tick=void 0}firstUpdated(){let e=performance.now()-this._created;this.dataset.firstRenderMs=e.toFixed(1);try{performance.measure?.(`sigenstor-dashboard-card:first-render`,{start:this._created,duration:e})}catch{}}willUpdate(e){super.willUpdate(e);let t=this.ent(`general_price`,`sensor`)?.last_updated;e.has(`hass`)&&t&&this._lastPriceUpdate&&t!==this._lastPriceUpdate&&this.fetchPrices(),this._lastPriceUpdate=t??this._lastPriceUpdate}async refresh(){await Promise.all([this.fetchPrices(),this.fetchEnergy()])}async fetchPrices(){if(this.hass&&this._config?.show_prices!==!1){if(!this.eid(`general_price`,`sensor`)&&!this.eid(`feed_in_earnings_rate`,`sensor`))this._buy=[],this._feedIn=[];else try{let e=await this.entryId();if(!e)return;let t=await Ve(this.hass,`get_price_forecast`,{config_entry_id:e});this._buy=Dt(t?.general,`per_kwh`),this._feedIn=Dt(t?.feed_in,`feed_in_earn`)}catch{this._buy=[],this._feedIn=[]}}}async fetchEnergy(){let e=this.hass;if(!e||this._config?.show_energy===!1)return;let t={};await Promise.all($e.map(async n=>{let r=this.eid(n,`sensor`);if(r)try{let i=await e.callWS({type:`recorder/statistic_during_period`,statistic_id:r,calendar:{period:`day`},types:[`change`],units:{energy:`kWh`}});t[n]=et(i)}catch{t[n]=null}})),this._energy=t}async run(e,t={}){if(this.hass){this._busy=!0,this._error=void 0;try{let n=await this.entryId();if(!n)throw Error(this.tr(`common.no_entry`));await He(this.hass,e,{config_entry_id:n,...t}),this._dialog=void 0}catch(e){this._error=Ue(e)}finally{this._busy=!1}}}force(e){let t=this._config,n={action:e,power:e===`force_export`?t.export_power:t.charge_power,soc:e===`force_export`?t.export_floor_soc:t.charge_target_soc,minutes:t.duration_minutes,source:t.charge_source};t.confirm?this._dialog=n:this.submit(n)}submit(e){let t=Ze(e.minutes);return e.action===`force_charge`?this.run(e.action,{power:e.power,target_soc:e.soc,source:e.source,...t}):e.action===`force_export`?this.run(e.action,{power:e.power,floor_soc:e.soc,...t}):this.run(e.action,t)}render(){let e=this._config;if(!e)return A;let t=P(this.ent(`battery_soc`,`sensor`)),n=this.ent(`battery_temperature`,`sensor`),r={pv:Le(this.ent(`pv_power`,`sensor`)),battery:Le(this.ent(`battery_power`,`sensor`)),grid:Le(this.ent(`grid_power`,`sensor`)),house:Le(this.ent(`house_load`,`sensor`))},i=at(r),a=Math.max(5,P(this.ent(`rated_charge_power`,`sensor`))??0,P(this.ent(`rated_discharge_power`,`sensor`))??0),o=Object.values(r).some(e=>e!==null)||t!==null;return D`<ha-card>
      ${e.title?D`<div class="header"><span class="title">${e.title}</span></div>`:A}
      ${this.renderBanner()}
      ${o?A:D`<div class="warning missing">${this.tr(`dash.missing`)}</div>`}
      <div class="top">
        ${en(t,P(n),Ie(n)??`°C`,this.loc)}
        ${on(i,r,a,this.loc)}
      </div>
      ${e.show_prices?this.renderPrices(e):A} ${this.renderOptimiser()}
      ${e.show_controls?this.renderControls():A}
      ${e.show_energy?this.renderEnergy():A}
      ${this._error?D`<div class="error">${this._error}</div>`:A}
      ${this._warnings.map(e=>D`<div class="warning">${e}</div>`)}
    </ha-card>`}renderBanner(){if(I(this.ent(`emergency_stop`,`binary_sensor`)))return D`<div class="banner estop" role="alert">
        <span class="banner-title">${this.tr(`common.estop`)}</span>
        <span class="banner-sub">${this.tr(`dash.estop_sub`)}</span>
        <button class="release" ?disabled=${this._busy} @click=${()=>this.run(`clear_emergency_stop`)}>
          ${this.tr(`dash.release`)}
        </button>
      </div>`;let e=F(this.ent(`control_state`,`sensor`));if(e===`external`)return D`<div class="banner external" role="alert">
        <span class="banner-title">${this.tr(`dash.external`)}</span>
        <span class="banner-sub">${this.tr(`dash.external_sub`)}</span>
        <button class="release" ?disabled=${this._busy} @click=${()=>this.run(`clear_override`)}>
          ${this.tr(`dash.take_back`)}
        </button>
      </div>`;let t=this.ent(`override_active`,`binary_sensor`);if(!I(t))return e===`releasing`?D`<div class="banner releasing" role="status">
          <span class="banner-title">${this.tr(`dash.releasing`)}</span>
          <span class="banner-sub">${this.tr(`dash.releasing_sub`)}</span>
        </div>`:t?.attributes?.problem===`not_confirmed`?D`<div class="banner unconfirmed" role="status">
          <span class="banner-title">${this.tr(`dash.unconfirmed`)}</span>
          <span class="banner-sub">${this.tr(`dash.unconfirmed_sub`)}</span>
        </div>`:A;let n=this.ent(`override_remaining`,`sensor`),r=Et(P(n),n?.last_updated,this._now),i=F(this.ent(`override_mode`,`select`));return D`<div class="banner override" role="status">
      <span class="banner-title">${this.tr(`common.override_active`)}</span>
      <span class="banner-sub">
        ${i&&i.startsWith(`force_`)?B(this.loc,i):this.tr(`common.manual_control`)} ·
        <span class="time-left"
          >${r===null?this.tr(`common.until_cleared`):this.tr(`common.time_left`,{time:yt(r)})}</span
        >
      </span>
    </div>`}renderPrices(e){let t=Ot(this._buy,this._now,e.price_hours),n=Ot(this._feedIn,this._now,e.price_hours);return t.now??=P(this.ent(`general_price`,`sensor`)),n.now??=P(this.ent(`feed_in_earnings_rate`,`sensor`)),t.now===null&&n.now===null&&t.points.length===0?D``:D`<div class="section">
      <div class="section-title">${this.tr(`dash.prices`)}</div>
      ${sn(t,n,this._now,e.price_hours,this.loc)}
    </div>`}renderOptimiser(){let e=this.ent(`optimiser_next_change`,`sensor`);return ln({decision:F(this.ent(`optimiser_decision`,`sensor`)),reason:F(this.ent(`optimiser_reason`,`sensor`)),mode:F(this.ent(`optimiser_mode`,`select`)),next:F(e),nextAction:e?.attributes.action,planned:P(this.ent(`planned_soc`,`sensor`)),savings:P(this.ent(`savings_today`,`sensor`))},this.loc)}renderControls(){let e=this._dialog,t=I(this.ent(`emergency_stop`,`binary_sensor`)),n=(e,n,r=``,i)=>D`<button
        class="ctl ${r}"
        data-action=${e}
        ?disabled=${this._busy||t&&e!==`emergency_stop`}
        @click=${i??(()=>this.force(e))}
      >
        ${n}
      </button>`;return D`<div class="section controls">
      <div class="buttons">
        ${n(`force_charge`,this.tr(`dash.btn.charge`))} ${n(`force_hold`,this.tr(`dash.btn.hold`))}
        ${n(`force_export`,this.tr(`dash.btn.export`))}
        ${n(`clear_override`,this.tr(`dash.btn.stop`),``,()=>void this.run(`clear_override`))}
        ${n(`emergency_stop`,this.tr(`dash.btn.estop`),`danger`,()=>void this.run(`emergency_stop`))}
      </div>
      ${e?this.renderDialog(e):A}
    </div>`}renderDialog(e){let t=t=>this._dialog={...e,...t},n=(e,n,r,i,a)=>D`<input
        type="number"
        name=${a}
        .value=${String(e)}
        min=${n}
        max=${r}
        step=${i}
        @change=${e=>{let i=Number(e.target.value);Number.isFinite(i)&&t({[a]:Math.min(r,Math.max(n,i))})}}
      />`,r=B(this.loc,e.action);return D`<div class="dialog" role="dialog" aria-label=${r}>
      <div class="dialog-title">${r}</div>
      <div class="dialog-fields">
        ${e.action===`force_hold`?A:D`<label class="field">${this.tr(`dash.power_kw`)} ${n(e.power,.1,50,.1,`power`)}</label>
              <label class="field"
                >${this.tr(e.action===`force_charge`?`dash.stop_at_soc`:`dash.floor_soc`)}
                ${n(e.soc,0,100,1,`soc`)}</label
              >`}
        ${e.action===`force_charge`?D`<label class="field"
              >${this.tr(`dash.source`)}
              <select
                name="source"
                @change=${e=>t({source:e.target.value===`pv`?`pv`:`grid`})}
              >
                <option value="grid" ?selected=${e.source===`grid`}>${this.tr(`dash.grid`)}</option>
                <option value="pv" ?selected=${e.source===`pv`}>${this.tr(`dash.solar_only`)}</option>
              </select></label
            >`:A}
        <label class="field">${this.tr(`dash.minutes`)} ${n(e.minutes,0,1440,5,`minutes`)}</label>
      </div>
      <div class="dialog-buttons">
        <button class="cancel" @click=${()=>this._dialog=void 0}>${this.tr(`common.cancel`)}</button>
        <button class="primary start" ?disabled=${this._busy} @click=${()=>void this.submit(e)}>
          ${this.tr(`dash.start`)}
        </button>
      </div>
    </div>`}renderEnergy(){let e=tt(this._energy,P(this.ent(`pv_energy_today`,`sensor`)));return D`<div class="section energy">
      <div class="section-title">${this.tr(`dash.today`)}</div>
      ${cn(e,this.loc)}
    </div>`}};fn=pn,fn.properties={...K.properties,_buy:{state:!0},_feedIn:{state:!0},_energy:{state:!0},_dialog:{state:!0},_busy:{state:!0},_now:{state:!0}},fn.styles=[dn,un];var mn=[`charge_grid`,`charge_pv`,`discharge`,`export`,`hold`,`self_consumption`,`idle`],Y=36e5,X=e=>typeof e==`number`&&Number.isFinite(e)?e:null;function hn(e){let t=e&&Array.isArray(e.steps)?e.steps:[],n=[];for(let e of t){if(!e||typeof e!=`object`)continue;let t=Date.parse(e.start??``),r=Date.parse(e.end??``);!Number.isFinite(t)||!Number.isFinite(r)||r<=t||n.push({start:t,end:r,action:typeof e.action==`string`&&e.action?e.action:`idle`,soc:X(e.soc),buy:X(e.buy_price),feedIn:X(e.feed_in_price),pv:X(e.pv_kw),load:X(e.load_kw),powerKw:X(e.power_kw),reason:typeof e.reason==`string`?e.reason:``})}return n.sort((e,t)=>e.start-t.start)}function gn(e,t){if(!t||!e||typeof e!=`object`)return[];let n=e[t];if(!Array.isArray(n))return[];let r=[];for(let e of n){let t=Number(e?.s),n=X(e?.lu)??X(e?.lc);n!==null&&e?.s!==``&&Number.isFinite(t)&&r.push({t:n*1e3,v:t})}return r.sort((e,t)=>e.t-t.t)}function _n(e,t){return e.find(e=>e.start<=t&&t<e.end)}function vn(e){let t=X(e?.limits?.reserve_soc);return t!==null&&t>0&&t<=100?t:null}function yn(e){let t=[];for(let n of e){let e=t[t.length-1];e&&e.action===n.action&&e.end===n.start?e.end=n.end:t.push({start:n.start,end:n.end,action:n.action})}return t}function bn(e,t,n,r){let{width:i,height:a}=r,o=n-Math.max(0,r.hoursBack)*Y,s=e.length?e[e.length-1].end:n,c=Math.max(n+Y,Math.min(s,n+r.hoursAhead*Y)),l=e=>Z((wn(e,o,c)-o)/(c-o)*i),u=e.filter(e=>e.end>n&&e.start<c),d=e=>e.filter(e=>e.t>=o-Y&&e.t<=n),f=Math.max(40,a-14-12-14),p=4+Z(f*.68),ee=p+6,m=4+f,h=m+6,te=[...u.flatMap(e=>[e.pv??0,e.load??0]),...d(t.pv).map(e=>e.v),...d(t.load).map(e=>e.v)],ne=Cn(Math.max(1,...te.filter(Number.isFinite))),g=e=>Z(p-wn(e,0,ne)/ne*(p-4)),_=e=>Z(p-wn(e,0,100)/100*(p-4)),[v,y]=Sn([...u.flatMap(e=>[e.buy,e.feedIn]).filter(e=>e!==null),...d(t.price).map(e=>e.v)]),b=e=>Z(m-(wn(e,v,y)-v)/(y-v)*(m-ee)),x=(e,t)=>{let r=``,i=null;for(let a of u){let o=e(a);if(o===null){i=null;continue}let s=Math.max(a.start,n);r+=`${i===s?`L`:`M`}${l(s)},${t(o)}L${l(a.end)},${t(o)}`,i=a.end}return r},re=(e,t)=>e?e.split(`M`).filter(Boolean).map(e=>{let n=e.split(`L`);return`M${n[0].split(`,`)[0]},${t}L${e}L${n[n.length-1].split(`,`)[0]},${t}Z`}).join(``):``,S=(e,t,r)=>{let i=d(e);if(i.length===0)return``;let a=``,o=null;for(let e of i){let n=l(e.t),i=t(e.v);a+=o===null?`M${n},${i}`:r?`L${n},${o}L${n},${i}`:`L${n},${i}`,o=i}return a+=`L${l(n)},${o}`,a},ie=u.filter(e=>e.soc!==null),ae=d(t.soc),C=ae[ae.length-1],oe=``;if(ie.length){let e=_(C?C.v:ie[0].soc);oe=`M${l(n)},${e}`+ie.map(e=>`L${l(e.end)},${_(e.soc)}`).join(``)}let se=x(e=>e.pv,g),w=yn(u).map(e=>{let t=l(Math.max(e.start,n));return{x:t,w:Z(l(e.end)-t),action:e.action,start:e.start,end:e.end}});return{width:i,height:a,t0:o,t1:c,nowX:l(n),main:{top:4,bottom:p,maxKw:ne},price:{top:ee,bottom:m,lo:v,hi:y,zeroY:b(0)},actions:{top:h,bottom:h+14,blocks:w},paths:{socPlan:oe,pvPlan:re(se,p),loadPlan:x(e=>e.load,g),buyPlan:x(e=>e.buy,b),feedInPlan:x(e=>e.feedIn,b),socPast:S(t.soc,_,!1),pvPast:re(S(t.pv,g,!1),p),loadPast:S(t.load,g,!1),pricePast:S(t.price,b,!0)},ticks:xn(o,c,i,r.tickLabel),empty:u.length===0&&!t.soc.length&&!t.pv.length,reserveY:r.reserve==null?null:_(r.reserve)}}function xn(e,t,n,r=e=>String(new Date(e).getHours()).padStart(2,`0`)){if(t<=e)return[];let i=t-e>26*Y?6:3,a=new Date(e);a.setMinutes(0,0,0);let o=[];for(let s=a.getTime();s<=t;s+=Y){let a=new Date(s).getHours();s<e||a%i!==0||o.push({x:Z((s-e)/(t-e)*n),t:s,label:r(s)})}return o}function Sn(e){let t=e.filter(Number.isFinite),n=Math.min(0,...t),r=Math.max(.1,...t),i=(r-n)*.08;return[Tn(n<0?n-i:0),Tn(r+i)]}function Cn(e){if(!(e>0))return 1;let t=10**Math.floor(Math.log10(e));for(let n of[1,2,2.5,5,10])if(e<=n*t+1e-9)return Tn(n*t);return Tn(10*t)}var wn=(e,t,n)=>Math.min(n,Math.max(t,e)),Z=e=>Math.round(e*10)/10,Tn=e=>Math.round(e*1e3)/1e3;function En(e,t){let n=null;for(let r of e){if(r.t>t)break;n=r.v}return n}function Dn(e,t,n,r){if(n>=r){let t=_n(e,n);return t?{t:n,planned:!0,action:t.action,soc:t.soc,pv:t.pv,load:t.load,buy:t.buy,feedIn:t.feedIn}:null}let i={soc:En(t.soc,n),pv:En(t.pv,n),load:En(t.load,n),buy:En(t.price,n)};return Object.values(i).every(e=>e===null)?null:{t:n,planned:!1,action:null,feedIn:null,...i}}var On,kn={soc:`battery_soc`,pv:`pv_power`,load:`house_load`,price:`general_price`},An=class extends K{constructor(){super(),this._plan=null,this._history={soc:[],pv:[],load:[],price:[]},this._width=360,this._loaded=!1}static getStubConfig(){return{type:`custom:sigenstor-plan-card`,hours_ahead:24,hours_back:6}}static async getConfigElement(){return await Ut(),document.createElement(`sigenstor-plan-card-editor`)}getCardSize(){return 6}getGridOptions(){return{columns:12,rows:`auto`,min_columns:6}}validate(e){return Ye(e)}connectedCallback(){super.connectedCallback(),typeof ResizeObserver<`u`&&(this._observer??=new ResizeObserver(e=>{let t=Math.round(e[0]?.contentRect.width??0);t>0&&Math.abs(t-this._width)>4&&(this._width=t)}),this._observer.observe(this))}disconnectedCallback(){super.disconnectedCallback(),this._observer?.disconnect(),this._observer=void 0}async refresh(){await Promise.all([this.fetchPlan(),this.fetchHistory()]),this._loaded=!0}async fetchPlan(){if(this.hass)try{let e=await this.entryId();if(!e)return;this._plan=await Ve(this.hass,`get_plan`,{config_entry_id:e})}catch{this._plan=null}}async fetchHistory(){let e=this._config?.hours_back??0,t=this.hass;if(!t||e<=0)return;let n=Object.fromEntries(Object.entries(kn).map(([e,t])=>[e,this.eid(t,`sensor`)])),r=Object.values(n).filter(e=>!!e);if(!r.length)return;let i=/* @__PURE__ */ new Date;try{let a=await t.callWS({type:`history/history_during_period`,start_time:(/* @__PURE__ */ new Date(i.getTime()-e*36e5)).toISOString(),end_time:i.toISOString(),entity_ids:r,minimal_response:!0,no_attributes:!0,significant_changes_only:!1});this._history={soc:gn(a,n.soc),pv:gn(a,n.pv),load:gn(a,n.load),price:gn(a,n.price)}}catch{}}render(){let e=this._config;if(!e)return A;let t=hn(this._plan),n=Date.now(),r=Math.max(240,this._width-28),i=Math.round(Math.min(260,Math.max(180,r*.5))),a=vn(this._plan),o=bn(t,this._history,n,{reserve:a,width:r,height:i,hoursAhead:e.hours_ahead,hoursBack:e.hours_back,tickLabel:e=>xt(this.loc)?G(e,this.loc).replace(/:00/,``):G(e,this.loc).slice(0,2)}),s=this._plan?.decision,c=new Set(o.actions.blocks.map(e=>e.action)),l=this.loc,u=this._plan?.mode;return D`<ha-card>
      <div class="header">
        <span class="title">${e.title??this.tr(`plan.title`)}</span>
        ${u?D`<span class="muted mode">${`mode.${u}`in l.strings?z(l,`mode.${u}`):u}</span>`:A}
      </div>
      ${this.renderOverride()}
      ${s?D`<div class="decision"><b>${B(l,s)}</b>${this._plan?.reason?D` · ${this._plan.reason}`:A}</div>`:A}
      ${o.empty?D`<div class="muted empty">${this._loaded?this.tr(`plan.empty`):this.tr(`common.loading`)}</div>`:this.renderChart(o,t)}
      <div class="legend">
        <span class="l-soc" style="--a:var(--sg-soc)">${this.tr(`plan.soc`)}</span
        ><span style="--a:var(--sg-solar)">${this.tr(`plan.pv`)}</span
        ><span style="--a:var(--sg-house)">${this.tr(`plan.load`)}</span
        ><span style="--a:var(--sg-grid-in)">${this.tr(`plan.buy`)}</span
        ><span style="--a:var(--sg-grid-out)">${this.tr(`plan.feed_in`)}</span>
        ${a===null?A:D`<span class="l-reserve" style="--a:var(--sg-soc)">${this.tr(`plan.reserve`,{soc:U(a,l)})}</span>`}
        ${mn.filter(e=>c.has(e)).map(e=>D`<span class="a-${e}">${B(l,e)}</span>`)}
      </div>
      ${this._selected===void 0?A:this.renderTip(t,this._selected,n)}
      ${this._warnings.map(e=>D`<div class="warning">${e}</div>`)}
    </ha-card>`}renderChart(e,t){let n=t=>{let n=t.currentTarget.getBoundingClientRect();if(!(n.width>0))return;let r=Math.min(1,Math.max(0,(t.clientX-n.left)/n.width));this._selected=e.t0+r*(e.t1-e.t0)},r=e=>{e.pointerType===`mouse`&&(this._selected=void 0)},i=this._selected===void 0?void 0:_n(t,this._selected),a=this.loc,o=t=>(Math.min(Math.max(t,e.t0),e.t1)-e.t0)/(e.t1-e.t0)*e.width;return D`<svg
      class="chart"
      viewBox="0 0 ${e.width} ${e.height}"
      role="img"
      aria-label=${this.tr(`plan.aria`)}
      @pointerdown=${n}
      @pointermove=${n}
      @pointerleave=${r}
    >
      <line class="grid-line" x1="0" x2=${e.width} y1=${e.main.bottom} y2=${e.main.bottom}></line>
      ${e.ticks.map(t=>O`<line class="grid-line" x1=${t.x} x2=${t.x} y1=${e.main.top} y2=${e.actions.bottom}></line>
          <text x=${t.x+2} y=${e.height-2}>${t.label}</text>`)}
      ${i?O`<rect class="sel" x=${o(i.start)} width=${o(i.end)-o(i.start)} y="0" height=${e.height}></rect>`:A}
      ${this._selected===void 0?A:O`<line class="cursor" x1=${o(this._selected)} x2=${o(this._selected)} y1=${e.main.top} y2=${e.actions.bottom}></line>`}
      <path class="pv past" d=${e.paths.pvPast}></path>
      <path class="pv plan" d=${e.paths.pvPlan}></path>
      <path class="load past" d=${e.paths.loadPast}></path>
      <path class="load plan" d=${e.paths.loadPlan}></path>
      <path class="soc past" d=${e.paths.socPast}></path>
      <path class="soc plan" d=${e.paths.socPlan}></path>
      ${e.reserveY===null?A:O`<line class="zero reserve" style="stroke:var(--sg-soc)" x1="0" x2=${e.width} y1=${e.reserveY} y2=${e.reserveY}></line>`}
      ${e.price.lo<0?O`<line class="zero" x1="0" x2=${e.width} y1=${e.price.zeroY} y2=${e.price.zeroY}></line>`:A}
      <path class="buy past" d=${e.paths.pricePast}></path>
      <path class="buy plan" d=${e.paths.buyPlan}></path>
      <path class="feed plan" d=${e.paths.feedInPlan}></path>
      ${e.actions.blocks.map(t=>O`<rect class="block a-${t.action}" data-action=${t.action} x=${t.x} y=${e.actions.top}
          width=${Math.max(.5,t.w)} height=${e.actions.bottom-e.actions.top}><title>${B(a,t.action)} ${G(t.start,a)}–${G(t.end,a)}</title></rect>`)}
      <line class="now" x1=${e.nowX} x2=${e.nowX} y1=${e.main.top} y2=${e.actions.bottom}></line>
      <text x="2" y=${e.main.top+9}>${e.main.maxKw} kW</text>
      <text x=${e.width-2} y=${e.main.top+9} text-anchor="end">${U(100,a)}</text>
      <text x="2" y=${e.price.top+9}>${W(e.price.hi,a)}</text>
      ${e.price.lo<0?O`<text x="2" y=${e.price.bottom-2}>${W(e.price.lo,a)}</text>`:A}
    </svg>`}renderTip(e,t,n){let r=Dn(e,this._history,t,n);if(!r)return A;let i=this.loc,a=r.planned?_n(e,t):void 0,o=(e,t,n,r)=>D`<span class=${e}><span class="sw" style="--a:${t}"></span>${n} ${r}</span>`;return D`<div class="tip" role="status">
      <b class="at">${a?`${G(a.start,i)}–${G(a.end,i)}`:G(t,i)}</b>
      <span class="muted">${this.tr(r.planned?`plan.planned`:`plan.recorded`)}</span>
      ${a?D`· <span class="a-${a.action}">${B(i,a.action)}</span>`:A}
      ${a&&a.powerKw!==null?D` ${gt(a.powerKw,i)}`:A}<br />
      ${o(`v-soc`,`var(--sg-soc)`,this.tr(`plan.soc`),r.soc===null?`—`:U(r.soc,i))} ·
      ${o(`v-pv`,`var(--sg-solar)`,this.tr(`plan.pv`),gt(r.pv,i))} ·
      ${o(`v-load`,`var(--sg-house)`,this.tr(`plan.load`),gt(r.load,i))} ·
      ${o(`v-buy`,`var(--sg-grid-in)`,this.tr(`plan.buy`),W(r.buy,i))}
      ${r.feedIn===null?A:D` · ${o(`v-feed`,`var(--sg-grid-out)`,this.tr(`plan.feed_in`),W(r.feedIn,i))}`}
      ${a?.reason?D`<div class="muted">${a.reason}</div>`:A}
    </div>`}renderOverride(){if(I(this.ent(`emergency_stop`,`binary_sensor`)))return D`<div class="override estop" role="status">${this.tr(`plan.estop`)}</div>`;if(!I(this.ent(`override_active`,`binary_sensor`)))return A;let e=F(this.ent(`override_mode`,`select`)),t=this.ent(`override_remaining`,`sensor`),n=Et(P(t),t?.last_updated,Date.now());return D`<div class="override" role="status">
      ${this.tr(`plan.override`,{mode:e&&e.startsWith(`force_`)?B(this.loc,e):this.tr(`common.manual_control`),left:n===null?this.tr(`common.until_cleared`):this.tr(`common.time_left`,{time:yt(n)})})}
    </div>`}};On=An,On.properties={...K.properties,_plan:{state:!0},_history:{state:!0},_width:{state:!0},_selected:{state:!0},_loaded:{state:!0}},On.styles=[dn,o`
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
        stroke: var(--sg-soc);
        stroke-width: 2;
      }
      .cursor {
        stroke: var(--sg-muted);
        stroke-width: 1;
      }
      .override {
        font-size: 0.85em;
        border-radius: 6px;
        padding: 4px 8px;
        margin-bottom: 6px;
        background: var(--sg-warning);
        color: #1a1a1a;
      }
      .override.estop {
        background: var(--sg-error);
        color: var(--text-primary-color, #fff);
      }
      .tip .sw {
        display: inline-block;
        width: 8px;
        height: 8px;
        border-radius: 2px;
        margin-right: 3px;
        background: var(--a);
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
      .detail,
      .tip {
        font-size: 0.85em;
        margin-top: 6px;
        border-top: 1px solid var(--sg-line);
        padding-top: 6px;
      }
    `];var Q=[`mon`,`tue`,`wed`,`thu`,`fri`,`sat`,`sun`],jn=[`charge`,`discharge`,`hold`],Mn=1e3,Nn=1e3;function $(e){if(typeof e!=`string`)return null;let t=/^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(e.trim());if(!t)return null;let n=Number(t[1]),r=Number(t[2]);return n>23||r>59?null:n*60+r}function Pn(e){let t=Math.floor(e/60),n=e%60;return`${String(t).padStart(2,`0`)}:${String(n).padStart(2,`0`)}`}function Fn(e){let t=e&&typeof e==`object`?e.schedules:void 0;if(!Array.isArray(t))return[];let n=[];for(let e of t){if(!e||typeof e!=`object`)continue;let t=e.action;if(!jn.includes(t)||$(e.start)===null||$(e.end)===null)continue;let r=Array.isArray(e.days)?e.days.filter(e=>Q.includes(e)):[];n.push({id:String(e.id??``),name:typeof e.name==`string`?e.name:``,action:t,start:e.start,end:e.end,days:r,priority:typeof e.priority==`number`?e.priority:0,enabled:e.enabled!==!1,power_kw:typeof e.power_kw==`number`?e.power_kw:null,target_soc:typeof e.target_soc==`number`?e.target_soc:null})}return n}function In(e){let t=[];for(let n of e){let e=$(n.start),r=$(n.end);if(e!==null&&r!==null)for(let i of n.days){let a=Q.indexOf(i);if(a<0)continue;let o={id:n.id,name:n.name,action:n.action,enabled:n.enabled,lane:0,lanes:1};r>e?t.push({...o,day:a,startMin:e,endMin:r,continued:!1}):(t.push({...o,day:a,startMin:e,endMin:1440,continued:!1}),r>0&&t.push({...o,day:(a+1)%7,startMin:0,endMin:r,continued:!0}))}}return Ln(t),t.sort((e,t)=>e.day-t.day||e.startMin-t.startMin||e.lane-t.lane)}function Ln(e){for(let t=0;t<7;t++){let n=e.filter(e=>e.day===t).sort((e,t)=>e.startMin-t.startMin||t.endMin-e.endMin),r=[],i=-1,a=[],o=()=>{let e=Math.max(1,...r.map(e=>e.lane+1));for(let t of r)t.lanes=e;r=[],a.length=0};for(let e of n){e.startMin>=i&&r.length&&o();let t=a.findIndex(t=>t<=e.startMin);t<0&&(t=a.length),a[t]=e.endMin,e.lane=t,r.push(e),i=Math.max(i,e.endMin)}r.length&&o()}}function Rn(){return{name:``,action:`charge`,start:`00:00`,end:`06:00`,days:[...Q],priority:`0`,enabled:!0,power:``,target_soc:``}}function zn(e){return{id:e.id,name:e.name,action:e.action,start:e.start,end:e.end,days:[...e.days],priority:String(e.priority),enabled:e.enabled,power:e.power_kw===null?``:String(e.power_kw),target_soc:e.target_soc===null?``:String(e.target_soc)}}function Bn(e){let t={},n=e.name.trim();n?n.length>64&&(t.name={key:`err.name_long`,params:{max:64}}):t.name={key:`err.name_required`},jn.includes(e.action)||(t.action={key:`err.action`});let r=$(e.start),i=$(e.end);r===null&&(t.start={key:`err.time`}),i===null&&(t.end={key:`err.time`}),r!==null&&i!==null&&r===i&&(t.end={key:`err.same_time`});let a=Q.filter(t=>e.days.includes(t));a.length===0&&(t.days={key:`err.days`});let o=Number(e.priority.trim()||`0`);(!Number.isInteger(o)||Math.abs(o)>1e3)&&(t.priority={key:`err.priority`,params:{max:Nn}});let s=e.action===`hold`,c=Hn(e.power);!s&&c!==null&&(Number.isNaN(c)||c<=0||c>1e3)&&(t.power={key:`err.power`,params:{max:Mn}});let l=Hn(e.target_soc);if(!s&&l!==null&&(Number.isNaN(l)||l<0||l>100)&&(t.target_soc={key:`err.soc`}),Object.keys(t).length)return{ok:!1,errors:t};let u={name:n,action:e.action,start:Pn(r),end:Pn(i),days:a,priority:o,enabled:e.enabled};return e.id&&(u.schedule_id=e.id),!s&&c!==null&&(u.power=c),!s&&l!==null&&(u.target_soc=l),{ok:!0,data:u}}function Vn(e){let t=Bn({...zn(e),enabled:!e.enabled});if(t.ok)return t.data;let n={schedule_id:e.id,name:e.name,action:e.action,start:e.start,end:e.end,days:e.days,priority:e.priority,enabled:!e.enabled};return e.action!==`hold`&&e.power_kw!==null&&(n.power=e.power_kw),e.action!==`hold`&&e.target_soc!==null&&(n.target_soc=e.target_soc),n}function Hn(e){let t=e.trim();if(!t)return null;let n=Number(t);return Number.isFinite(n)?n:NaN}var Un=o`
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
    `,Wn,Gn=class extends K{constructor(){super(),this._schedules=[],this._formErrors={},this._busy=!1,this._loaded=!1,this.refreshMs=6e5}connectedCallback(){super.connectedCallback(),customElements.get(`ha-selector`)||(Ut(),customElements.whenDefined(`ha-selector`).then(()=>this.requestUpdate()))}static getStubConfig(){return{type:`custom:sigenstor-schedule-card`}}static async getConfigElement(){return await Ut(),document.createElement(`sigenstor-schedule-card-editor`)}getCardSize(){return 8}getGridOptions(){return{columns:12,rows:`auto`,min_columns:6}}validate(e){return Xe(e)}async refresh(){if(this.hass)try{let e=await this.entryId();if(!e){this._error=this.tr(`common.no_entry`);return}let t=await Ve(this.hass,`list_schedules`,{config_entry_id:e});this._schedules=Fn(t),this._error=void 0}catch(e){this._error=this.tr(`sched.unavailable`,{error:Ue(e)})}finally{this._loaded=!0}}async change(e,t){if(!this.hass)return!1;this._busy=!0;try{let n=await this.entryId();if(!n)throw Error(this.tr(`common.no_entry`));let r={config_entry_id:n,...t};if(e===`set_schedule`)try{await Ve(this.hass,e,r)}catch(t){if(!/response/i.test(Ue(t)))throw t;await He(this.hass,e,r)}else await He(this.hass,e,r);return this._error=void 0,await this.refresh(),!0}catch(e){return this._error=Ue(e),!1}finally{this._busy=!1}}async save(){if(!this._form)return;let e=Bn(this._form);e.ok?(this._formErrors={},await this.change(`set_schedule`,e.data)&&(this._form=void 0)):this._formErrors=e.errors}async removeSchedule(e){this._confirmDelete===e?(this._confirmDelete=void 0,await this.change(`delete_schedule`,{schedule_id:e}),this._form?.id===e&&(this._form=void 0)):this._confirmDelete=e}edit(e){this._form=e?zn(e):Rn(),this._formErrors={}}render(){let e=this._config;return e?D`<ha-card>
      <div class="header">
        <span class="title">${e.title??this.tr(`sched.title`)}</span>
        <button class="add" ?disabled=${this._busy} @click=${()=>this.edit()}>${this.tr(`sched.add`)}</button>
      </div>
      ${this.renderWeek()} ${this._form?this.renderForm(this._form):A}
      <div class="section list">
        ${this._schedules.length===0?D`<div class="muted empty">${this._loaded?this.tr(`sched.empty`):this.tr(`common.loading`)}</div>`:this._schedules.map(e=>this.renderRow(e))}
      </div>
      ${this._error?D`<div class="error">${this._error}</div>`:A}
      ${this._warnings.map(e=>D`<div class="warning">${e}</div>`)}
    </ha-card>`:A}renderWeek(){let e=In(this._schedules),t=new Map(this._schedules.map(e=>[e.id,e]));return D`<div class="week" role="grid" aria-label=${this.tr(`sched.week`)}>
      <div></div>
      ${Q.map((e,t)=>D`<div class="day-head" data-day=${e}>${Tt(t,this.loc)}</div>`)}
      <div class="hours">${[0,6,12,18,24].map(e=>D`<span style="top:${e*11}px">${e}</span>`)}</div>
      ${Q.map((n,r)=>D`<div class="col" data-day=${r}>
          ${e.filter(e=>e.day===r).map(e=>D`<div
                class="blk a-${e.action} ${e.enabled?``:`off`}"
                data-id=${e.id}
                title="${e.name} ${B(this.loc,e.action)}"
                style="top:${e.startMin/60*11}px;height:${(e.endMin-e.startMin)/60*11}px;left:${e.lane/e.lanes*100}%;width:${100/e.lanes}%"
                @click=${()=>this.edit(t.get(e.id))}
              >
                ${e.continued?``:e.name}
              </div>`)}
        </div>`)}
    </div>`}renderRow(e){let t=this._confirmDelete===e.id;return D`<div class="row" data-id=${e.id}>
      <span class="swatch a-${e.action}"></span>
      <span class="name">
        <b>${e.name}</b>
        <span class="muted"
          >${B(this.loc,e.action)} ${Ct(e.start,this.loc)}–${Ct(e.end,this.loc)} ·
          ${e.days.map(e=>Tt(Q.indexOf(e),this.loc)).join(` `)}</span
        >
      </span>
      <button class="toggle" ?disabled=${this._busy} @click=${()=>void this.change(`set_schedule`,Vn(e))}>
        ${this.tr(e.enabled?`sched.on`:`sched.off`)}
      </button>
      <button class="edit" ?disabled=${this._busy} @click=${()=>this.edit(e)}>${this.tr(`sched.edit`)}</button>
      <button class="delete ${t?`danger`:``}" ?disabled=${this._busy} @click=${()=>void this.removeSchedule(e.id)}>
        ${this.tr(t?`sched.confirm`:`sched.delete`)}
      </button>
    </div>`}renderForm(e){let t=t=>this._form={...this._form??e,...t},n=e=>{let t=this._formErrors[e];return t?D`<span class="field-error">${this.tr(t.key,t.params)}</span>`:A},r=(r,i,a=`text`)=>D`<label class="field"
        >${i}
        <input
          name=${r}
          type=${a}
          .value=${e[r]}
          @input=${e=>t({[r]:e.target.value})}
        />${n(r)}</label
      >`,i=!!customElements.get(`ha-selector`),a=(r,a)=>i?D`<div class="field sel-time" data-field=${r}>
            <ha-selector
              .hass=${this.hass}
              .selector=${{time:{no_second:!0}}}
              .value=${e[r]}
              .label=${a}
              .required=${!0}
              @value-changed=${e=>t({[r]:String(e.detail.value??``)})}
            ></ha-selector
            >${n(r)}
          </div>`:D`<label class="field"
            >${a}
            <input
              name=${r}
              inputmode="numeric"
              placeholder="HH:MM"
              pattern="[0-2]?[0-9]:[0-5][0-9]"
              .value=${e[r]}
              @input=${e=>t({[r]:e.target.value})}
            />${n(r)}</label
          >`,o=Q.map((e,t)=>({value:e,label:Tt(t,this.loc)})),s=e=>t({days:Q.filter(t=>Array.isArray(e)&&e.includes(t))}),c=i?D`<div class="days sel-days" data-field="days">
          <ha-selector
            .hass=${this.hass}
            .selector=${{select:{multiple:!0,mode:`list`,options:o}}}
            .value=${e.days}
            .label=${this.tr(`sched.days`)}
            @value-changed=${e=>s(e.detail.value)}
          ></ha-selector>
          ${n(`days`)}
        </div>`:D`<div class="days">
          ${o.map(t=>D`<label
              ><input
                type="checkbox"
                name="day-${t.value}"
                .checked=${e.days.includes(t.value)}
                @change=${n=>s(n.target.checked?[...e.days,t.value]:e.days.filter(e=>e!==t.value))}
              />${t.label}</label
            >`)}
          ${n(`days`)}
        </div>`;return D`<div class="section form" role="form" aria-label=${this.tr(e.id?`sched.edit_title`:`sched.new_title`)}>
      ${r(`name`,this.tr(`sched.name`))}
      <label class="field"
        >${this.tr(`sched.action`)}
        <select
          name="action"
          @change=${e=>t({action:e.target.value})}
        >
          ${jn.map(t=>D`<option value=${t} ?selected=${e.action===t}>${B(this.loc,t)}</option>`)}
        </select></label
      >
      ${a(`start`,this.tr(`sched.start`))} ${a(`end`,this.tr(`sched.end`))}
      ${e.action===`hold`?A:D`${r(`power`,this.tr(`sched.power`),`number`)}
          ${r(`target_soc`,this.tr(e.action===`charge`?`sched.stop_at`:`sched.floor`),`number`)}`}
      ${r(`priority`,this.tr(`sched.priority`),`number`)}
      <label class="field"
        >${this.tr(`sched.enabled`)}
        <input
          name="enabled"
          type="checkbox"
          .checked=${e.enabled}
          @change=${e=>t({enabled:e.target.checked})}
      /></label>
      ${c}
      <div class="form-buttons">
        <button class="cancel" @click=${()=>this._form=void 0}>${this.tr(`common.cancel`)}</button>
        <button class="primary save" ?disabled=${this._busy} @click=${()=>void this.save()}>${this.tr(`sched.save`)}</button>
      </div>
    </div>`}};Wn=Gn,Wn.properties={...K.properties,_schedules:{state:!0},_form:{state:!0},_formErrors:{state:!0},_busy:{state:!0},_confirmDelete:{state:!0},_loaded:{state:!0}},Wn.styles=[dn,Un];var Kn=[[`sigenstor-dashboard-card`,pn],[`sigenstor-plan-card`,An],[`sigenstor-schedule-card`,Gn],[`sigenstor-dashboard-card-editor`,Gt],[`sigenstor-plan-card-editor`,Kt],[`sigenstor-schedule-card-editor`,qt]],qn=[{type:`sigenstor-dashboard-card`,name:`SigenStor dashboard`,description:`Battery, power flow, Amber prices, override controls, optimiser and today's energy.`,preview:!0},{type:`sigenstor-plan-card`,name:`SigenStor plan`,description:`The optimiser's next hours: price, planned SoC, PV and load forecast, actions.`,preview:!0},{type:`sigenstor-schedule-card`,name:`SigenStor schedules`,description:`Week view of charge, discharge and hold schedules, with editing.`,preview:!0}];function Jn(){for(let[e,t]of Kn)customElements.get(e)||customElements.define(e,t);window.customCards??=[];for(let e of qn)window.customCards.some(t=>t.type===e.type)||window.customCards.push(e)}Jn();export{pn as SigenstorDashboardCard,An as SigenstorPlanCard,Gn as SigenstorScheduleCard,Jn as register};